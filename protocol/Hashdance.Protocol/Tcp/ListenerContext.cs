using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// What a listening socket shares with its request socks and passes on to its children (inet_csk_clone_lock
/// copies the listener's settings): its address, sysctls, socket options, secrets, counters and queue. The
/// listener core owns the mutable parts it alone writes; request cores only read, plus the atomic
/// <see cref="Queue"/> and <see cref="Mib"/>.
/// </summary>
public sealed class ListenerContext
{
    public ListenerContext(Ipv4Endpoint localAddress, TcpSysctls sysctls, SocketOptions options, int backlog,
        ushort routeAdvMss, TcpSecrets secrets, MibCounters mib)
    {
        LocalAddress = localAddress;
        Sysctls = sysctls;
        Options = options;
        RouteAdvMss = routeAdvMss;
        Secrets = secrets;
        Mib = mib;
        Queue = new ListenQueue(ListenBacklog(backlog, sysctls));
        ParseSettings = new TcpParseSettings
        {
            WindowScaling = sysctls.TcpWindowScaling != 0,
            Sack = sysctls.TcpSack != 0,
            Timestamps = sysctls.TcpTimestamps != 0,
            FastOpen = (sysctls.TcpFastopen & 0x2) != 0,
        };
    }

    /// <summary>How tcp_parse_options reads segments for this listener and its requests (estab = 0, gated by sysctls).</summary>
    public TcpParseSettings ParseSettings { get; }

    private ConnectionSettings? _childSettings;

    /// <summary>
    /// What inet_csk_clone_lock hands every child: one immutable object per listener, shared by all its children (a
    /// child that changes an option gets its own copy), so an idle connection does not carry a copy of its own.
    /// </summary>
    public ConnectionSettings ChildSettings => _childSettings ??= ConnectionSettings.FromListener(this);

    /// <summary>The bound address; <see cref="Ipv4Address.Any"/> for a wildcard listener.</summary>
    public Ipv4Endpoint LocalAddress { get; }

    public TcpSysctls Sysctls { get; }

    public SocketOptions Options { get; }

    /// <summary>The route's advmss: MTU − 40 (1460 on Ethernet).</summary>
    public ushort RouteAdvMss { get; }

    public TcpSecrets Secrets { get; }

    public MibCounters Mib { get; }

    public ListenQueue Queue { get; }

    /// <summary>False once close() ran on the listener (its state left TCP_LISTEN).</summary>
    public bool Listening { get => Volatile.Read(ref _listening); set => Volatile.Write(ref _listening, value); }

    private bool _listening = true;

    /// <summary>The MSS we advertise: tcp_mss_clamp(listener, route advmss) = min(advmss, TCP_MAXSEG if set).</summary>
    public ushort AdvertisedMss => Options.MaxSegment is int user && user > 0 && user < RouteAdvMss ? (ushort)user : RouteAdvMss;

    /// <summary>__sys_listen: backlog = min((unsigned) n, somaxconn); a negative n means somaxconn.</summary>
    public static int ListenBacklog(int requested, TcpSysctls sysctls) =>
        requested < 0 ? sysctls.Somaxconn : Math.Min(requested, sysctls.Somaxconn);
}
