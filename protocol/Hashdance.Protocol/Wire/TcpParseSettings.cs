namespace Hashdance.Protocol.Wire;

/// <summary>
/// The inputs that gate tcp_parse_options (net/ipv4/tcp_input.c) besides the option bytes and the SYN flag:
/// the sysctls it reads, its <c>estab</c> argument, the connection's negotiated <c>tstamp_ok</c>/<c>sack_ok</c>,
/// and whether a Fast Open cookie is wanted (the <c>foc</c> argument is non-NULL).
/// </summary>
public readonly record struct TcpParseSettings
{
    /// <summary>net.ipv4.tcp_window_scaling; gates WS only in the non-established (SYN) parse.</summary>
    public bool WindowScaling { get; init; }

    /// <summary>net.ipv4.tcp_sack; gates SACK-permitted only in the non-established (SYN) parse.</summary>
    public bool Sack { get; init; }

    /// <summary>net.ipv4.tcp_timestamps != 0; gates timestamps in the non-established parse.</summary>
    public bool Timestamps { get; init; }

    /// <summary>The <c>estab</c> argument: true when parsing for an existing connection (tcp_fast_parse_options,
    /// tcp_check_req); then MSS, WS and SACK-permitted are ignored and timestamps need <see cref="TimestampsOk"/>.</summary>
    public bool Established { get; init; }

    /// <summary>The connection's <c>rx_opt.tstamp_ok</c>, consulted only when <see cref="Established"/>.</summary>
    public bool TimestampsOk { get; init; }

    /// <summary>The connection's <c>rx_opt.sack_ok</c> before this segment; SACK blocks are recorded only when it
    /// is set (or a SACK-permitted option earlier in the same SYN set it).</summary>
    public bool SackOk { get; init; }

    /// <summary>Parse Fast Open cookies (the kernel passes <c>foc</c> only on the SYN paths that want one).</summary>
    public bool FastOpen { get; init; }

    /// <summary>A listener handling a SYN with default sysctls (all on), as in tcp_conn_request.</summary>
    public static TcpParseSettings Listener { get; } = new()
    {
        WindowScaling = true,
        Sack = true,
        Timestamps = true,
        FastOpen = true,
    };

    /// <summary>An established connection with what it negotiated (the estab = 1 parse).</summary>
    public static TcpParseSettings ForEstablished(bool timestampsOk, bool sackOk) => new()
    {
        WindowScaling = true,
        Sack = true,
        Timestamps = true,
        Established = true,
        TimestampsOk = timestampsOk,
        SackOk = sackOk,
    };
}
