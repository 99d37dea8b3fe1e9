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
            // tcp_conn_request always hands tcp_parse_options a cookie to fill (unless it answers with a syncookie):
            // a cookie request is counted even where Fast Open is off.
            FastOpen = true,
        };
        FastOpen = new FastOpenQueue(FastOpenQueue.MaxLengthFor(options.FastOpenQueue, backlog, sysctls.TcpFastopen,
            sysctls.Somaxconn));
    }

    /// <summary>icsk_accept_queue.fastopenq: the listener's Fast Open children still in SYN_RECV.</summary>
    public FastOpenQueue FastOpen { get; }

    /// <summary>
    /// The key(s) Fast Open cookies are made with (tcp_fastopen_get_ctx): the listener's TCP_FASTOPEN_KEY, else
    /// net.ipv4.tcp_fastopen_key, else the random key tcp_fastopen_init_key_once draws for the namespace.
    /// </summary>
    public FastOpenKey FastOpenKeys => Options.FastOpenKey ?? Sysctls.TcpFastopenKey ?? Secrets.FastOpenKey;

    /// <summary>How tcp_parse_options reads segments for this listener and its requests (estab = 0, gated by sysctls).</summary>
    public TcpParseSettings ParseSettings { get; }

    private ConnectionSettings? _childSettings;

    /// <summary>
    /// What inet_csk_clone_lock hands every child: one immutable object per listener, shared by all its children (a
    /// child that changes an option gets its own copy), so an idle connection does not carry a copy of its own.
    /// </summary>
    public ConnectionSettings ChildSettings => _childSettings ??= ConnectionSettings.FromListener(this);

    /// <summary>The stack's learned path MTUs, which the listener's children start from; null: none are kept.</summary>
    public PathMtuCache? PathMtus { get; init; }

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
