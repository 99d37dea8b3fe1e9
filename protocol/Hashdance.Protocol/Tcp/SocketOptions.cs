namespace Hashdance.Protocol.Tcp;

/// <summary>
/// Per-socket options, named after the Linux socket options they mirror. <c>null</c> means "not set": the socket
/// then follows the stack's sysctls, as a Linux socket does.
/// </summary>
public sealed record SocketOptions
{
    public static SocketOptions Default { get; } = new();

    /// <summary>TCP_MAXSEG: caps the MSS we advertise and the peer's MSS we accept (<c>user_mss</c>).</summary>
    public int? MaxSegment { get; init; }

    /// <summary>SO_RCVBUF as given to setsockopt (Linux doubles it and locks the receive buffer).</summary>
    public int? ReceiveBuffer { get; init; }

    /// <summary>SO_SNDBUF as given to setsockopt.</summary>
    public int? SendBuffer { get; init; }

    /// <summary>TCP_DEFER_ACCEPT in seconds (converted to SYN-ACK retransmissions as secs_to_retrans does).</summary>
    public int? DeferAcceptSeconds { get; init; }

    /// <summary>TCP_SAVE_SYN: 1 saves the SYN's IP and TCP headers, 2 also its link-layer header.</summary>
    public int SaveSyn { get; init; }

    /// <summary>TCP_SYNCNT: overrides tcp_syn_retries / tcp_synack_retries for this socket.</summary>
    public int? SynCount { get; init; }

    /// <summary>TCP_NODELAY.</summary>
    public bool NoDelay { get; init; }

    /// <summary>
    /// TCP_CORK: partial segments wait (TCP_NAGLE_CORK in tcp_nagle_check) until the cork is pulled, whatever is in
    /// flight and even with TCP_NODELAY; full-sized segments and the FIN still go.
    /// </summary>
    public bool Cork { get; init; }

    /// <summary>SO_KEEPALIVE.</summary>
    public bool KeepAlive { get; init; }

    /// <summary>TCP_KEEPIDLE: seconds of idleness before the first keepalive probe; null follows tcp_keepalive_time.</summary>
    public int? KeepIdleSeconds { get; init; }

    /// <summary>TCP_KEEPINTVL: seconds between keepalive probes; null follows tcp_keepalive_intvl.</summary>
    public int? KeepIntervalSeconds { get; init; }

    /// <summary>TCP_KEEPCNT: unanswered keepalive probes before the connection is dropped; null follows tcp_keepalive_probes.</summary>
    public int? KeepCount { get; init; }

    /// <summary>
    /// TCP_USER_TIMEOUT in milliseconds: how long transmitted data may stay unacknowledged (or zero-window probes
    /// unanswered) before the connection is dropped with ETIMEDOUT; null or 0 follows tcp_retries2.
    /// </summary>
    public int? UserTimeoutMs { get; init; }

    /// <summary>SO_REUSEADDR.</summary>
    public bool ReuseAddress { get; init; }

    /// <summary>SO_REUSEPORT: listeners that all set it share one (address, port) as a reuseport group.</summary>
    public bool ReusePort { get; init; }

    /// <summary>
    /// SO_LINGER: <c>null</c> when off, else l_linger in seconds. Only {1, 0} changes what goes on the wire: close()
    /// then aborts with an RST (tcp_close → tcp_disconnect); a non-zero linger only makes a blocking close() wait.
    /// </summary>
    public int? LingerSeconds { get; init; }

    /// <summary>
    /// TCP_LINGER2: the orphaned FIN_WAIT2 lifetime in seconds. <c>null</c> or 0 follows tcp_fin_timeout, a negative
    /// value closes an orphan with an RST instead of waiting, larger values are capped at TCP_FIN_TIMEOUT_MAX (120 s).
    /// </summary>
    public int? Linger2Seconds { get; init; }

    /// <summary>IP_TOS.</summary>
    public byte? TypeOfService { get; init; }

    /// <summary>IP_TTL.</summary>
    public byte? TimeToLive { get; init; }

    /// <summary>
    /// IP_MTU_DISCOVER: IP_PMTUDISC_DONT (0) sends without DF; WANT (1), DO (2) and PROBE (3) with it. Null: the
    /// net.ipv4.ip_no_pmtu_disc default.
    /// </summary>
    public int? PathMtuDiscovery { get; init; }

    /// <summary>
    /// TCP_FASTOPEN on a listener: the most Fast Open children that may wait for their handshake to finish
    /// (fastopenq.max_qlen, capped by somaxconn); null leaves it to net.ipv4.tcp_fastopen's 0x400 flag.
    /// </summary>
    public int? FastOpenQueue { get; init; }

    /// <summary>TCP_FASTOPEN_NO_COOKIE: a listener that accepts Fast Open data without a cookie (tp->fastopen_no_cookie).</summary>
    public bool FastOpenNoCookie { get; init; }

    /// <summary>TCP_FASTOPEN_KEY: the listener's own cookie key(s); null uses net.ipv4.tcp_fastopen_key.</summary>
    public Crypto.FastOpenKey? FastOpenKey { get; init; }

    /// <summary>TCP_CONGESTION: the congestion-control algorithm ("reno", "cubic"); null follows tcp_congestion_control.</summary>
    public string? CongestionControl { get; init; }
}
