using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// What a full socket takes from its stack and its creator: the sysctls, its socket options (for a passive child
/// those of the listener, which inet_csk_clone_lock copies), the route's advmss, the boot secrets and the counters.
/// </summary>
/// <param name="Sysctls">The stack's sysctls.</param>
/// <param name="Options">The socket's options (SO_RCVBUF, TCP_MAXSEG, TCP_SYNCNT, TCP_NODELAY, IP_TOS, IP_TTL...).</param>
/// <param name="RouteAdvMss">dst_metric_advmss of the route: MTU − 40 (1460 on Ethernet).</param>
/// <param name="Secrets">net_secret / ts_secret for secure_tcp_seq and secure_tcp_ts_off.</param>
/// <param name="Mib">The stack's SNMP counters.</param>
public sealed record ConnectionSettings(
    TcpSysctls Sysctls, SocketOptions Options, ushort RouteAdvMss, TcpSecrets Secrets, MibCounters Mib)
{
    /// <summary>The listener's settings, as inet_csk_clone_lock hands them to a child.</summary>
    public static ConnectionSettings FromListener(ListenerContext listener) =>
        new(listener.Sysctls, listener.Options, listener.RouteAdvMss, listener.Secrets, listener.Mib) { PathMtus = listener.PathMtus };

    /// <summary>The stack's learned path MTUs (route exceptions); null: none are kept.</summary>
    public PathMtuCache? PathMtus { get; init; }

    /// <summary>IP TTL of the socket's segments: IP_TTL, else net.ipv4.ip_default_ttl.</summary>
    public byte Ttl => Options.TimeToLive ?? (byte)Sysctls.IpDefaultTtl;

    /// <summary>IP TOS of the socket's segments: IP_TOS, else 0.</summary>
    public byte Tos => Options.TypeOfService ?? 0;

    /// <summary>The TTL of the stateless RSTs sent for this socket (tcp_v4_send_reset's control socket).</summary>
    public byte DefaultTtl => (byte)Sysctls.IpDefaultTtl;

    /// <summary>The route's path MTU as tcp_sync_mss sees it (advmss + IPv4 and TCP headers).</summary>
    public int PathMtu => RouteAdvMss + 40;
}
