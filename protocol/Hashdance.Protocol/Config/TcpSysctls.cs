using System.Collections.Frozen;
using Hashdance.Protocol.Crypto;

namespace Hashdance.Protocol.Config;

/// <summary>
/// The Linux sysctls that shape TCP behaviour, as an immutable record (change with <c>with</c> or
/// <see cref="TrySet"/>). <see cref="Default"/> holds the values of the reference Linux 6.18 kernel: its built-in
/// defaults, with the host-dependent ones (tcp_rmem[2], tcp_max_syn_backlog, tcp_max_tw_buckets,
/// tcp_max_orphans) as read from /proc/sys on the development machine. Names follow /proc/sys/net/{ipv4,core}
/// (documented in Documentation/networking/ip-sysctl.rst).
/// </summary>
public sealed record TcpSysctls
{
    /// <summary>The Linux 6.18 defaults (see the class summary).</summary>
    public static TcpSysctls Default { get; } = new();

    /// <summary>
    /// The "Linux 3.11" profile the 2013 packetdrill scripts (google/packetdrill tests/linux/, removed in 2019) were
    /// recorded on: somaxconn 128 (the default until v5.4), tcp_rmem = 4096 87380 4000000 and rmem_max = 212992.
    /// Their SYN-ACKs say <c>wscale 6</c>, and tcp_select_initial_window gives 6 exactly when
    /// max(tcp_rmem[2], rmem_max) lies in [2^21, 2^22): 4000000 does, while today's rmem_max of 4 MiB (= 2^22)
    /// alone would already give 7. Everything else keeps the 6.18 defaults.
    /// </summary>
    public static TcpSysctls Linux311Profile { get; } = new()
    {
        Somaxconn = 128,
        RmemMax = 212_992,
        WmemMax = 212_992,
        TcpRmem = new TcpBufferSizes(4096, 87_380, 4_000_000),
    };

    /// <summary><c>net.core.somaxconn</c>: Upper bound for a listen() backlog (128 before v5.4).</summary>
    public int Somaxconn { get; init; } = 4096;

    /// <summary><c>net.core.rmem_max</c>: Largest SO_RCVBUF a user may request; also one input of the SYN-ACK window scale. 4 MiB since upstream commit a6d4f25888b8 (212992 before).</summary>
    public int RmemMax { get; init; } = 4_194_304;

    /// <summary><c>net.core.wmem_max</c>: Largest SO_SNDBUF a user may request (4 MiB, same commit as rmem_max).</summary>
    public int WmemMax { get; init; } = 4_194_304;

    /// <summary><c>net.core.rmem_default</c>: Default receive buffer of non-TCP sockets.</summary>
    public int RmemDefault { get; init; } = 212_992;

    /// <summary><c>net.core.wmem_default</c>: Default send buffer of non-TCP sockets.</summary>
    public int WmemDefault { get; init; } = 212_992;

    /// <summary><c>net.ipv4.tcp_syncookies</c>: 0 never send SYN cookies, 1 when the SYN queue overflows, 2 always.</summary>
    public int TcpSyncookies { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_max_syn_backlog</c>: Drives the 3/4 early-drop rule when cookies are off. Host-dependent (max(128, ehash buckets / 128)); 2048 on the reference machine.</summary>
    public int TcpMaxSynBacklog { get; init; } = 2048;

    /// <summary><c>net.ipv4.tcp_synack_retries</c>: SYN-ACK retransmissions before a request sock is dropped (TCP_SYNCNT on the listener overrides).</summary>
    public int TcpSynackRetries { get; init; } = 5;

    /// <summary><c>net.ipv4.tcp_syn_retries</c>: SYN retransmissions of an active open (1..MAX_TCP_SYNCNT = 127).</summary>
    public int TcpSynRetries { get; init; } = 6;

    /// <summary><c>net.ipv4.tcp_abort_on_overflow</c>: 1: reset instead of ignoring the third ACK when the accept queue is full.</summary>
    public int TcpAbortOnOverflow { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_timestamps</c>: 0 off, 1 on with a per-connection random offset, 2 on without offset.</summary>
    public int TcpTimestamps { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_sack</c>: Accept/offer SACK-permitted.</summary>
    public int TcpSack { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_dsack</c>: Send duplicate SACKs (RFC 2883).</summary>
    public int TcpDsack { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_window_scaling</c>: Accept/offer window scaling (RFC 7323).</summary>
    public int TcpWindowScaling { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_rmem</c>: Receive buffer min/default/max. The max is RAM-dependent (up to 32 MiB since ~v6.16; 32 MiB on the reference machine).</summary>
    public TcpBufferSizes TcpRmem { get; init; } = new(4096, 131_072, 33_554_432);

    /// <summary><c>net.ipv4.tcp_wmem</c>: Send buffer min/default/max.</summary>
    public TcpBufferSizes TcpWmem { get; init; } = new(4096, 16_384, 4_194_304);

    /// <summary><c>net.ipv4.tcp_ecn</c>: 0 off, 1 request and accept, 2 accept only, 3..5 AccECN variants.</summary>
    public int TcpEcn { get; init; } = 2;

    /// <summary><c>net.ipv4.tcp_ecn_fallback</c>: Fall back to non-ECN on suspected ECN blackholes.</summary>
    public int TcpEcnFallback { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_ecn_option</c>: AccECN option sending policy.</summary>
    public int TcpEcnOption { get; init; } = 2;

    /// <summary><c>net.ipv4.tcp_fin_timeout</c>: Seconds an orphaned FIN_WAIT2 socket lives.</summary>
    public int TcpFinTimeout { get; init; } = 60;

    /// <summary><c>net.ipv4.tcp_retries1</c>: Retransmissions before asking the network layer to re-check the route.</summary>
    public int TcpRetries1 { get; init; } = 3;

    /// <summary><c>net.ipv4.tcp_retries2</c>: Retransmissions before an established connection is killed.</summary>
    public int TcpRetries2 { get; init; } = 15;

    /// <summary><c>net.ipv4.tcp_orphan_retries</c>: Retransmissions for orphaned sockets (0 means 8).</summary>
    public int TcpOrphanRetries { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_keepalive_time</c>: Seconds of idleness before the first keepalive probe.</summary>
    public int TcpKeepaliveTime { get; init; } = 7200;

    /// <summary><c>net.ipv4.tcp_keepalive_intvl</c>: Seconds between keepalive probes.</summary>
    public int TcpKeepaliveIntvl { get; init; } = 75;

    /// <summary><c>net.ipv4.tcp_keepalive_probes</c>: Unanswered keepalive probes before the connection is dropped.</summary>
    public int TcpKeepaliveProbes { get; init; } = 9;

    /// <summary><c>net.ipv4.tcp_invalid_ratelimit</c>: Milliseconds between replies to invalid segments (duplicate SYN, out-of-window ACK).</summary>
    public int TcpInvalidRatelimit { get; init; } = 500;

    /// <summary><c>net.ipv4.tcp_rfc1337</c>: 1: an RST does not kill a TIME_WAIT socket (RFC 1337).</summary>
    public int TcpRfc1337 { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_tw_reuse</c>: Reuse TIME_WAIT ports for outgoing connections: 0 no, 1 yes, 2 loopback only.</summary>
    public int TcpTwReuse { get; init; } = 2;

    /// <summary><c>net.ipv4.tcp_tw_reuse_delay</c>: Milliseconds a TIME_WAIT socket must have lived before reuse.</summary>
    public int TcpTwReuseDelay { get; init; } = 1000;

    /// <summary><c>net.ipv4.tcp_migrate_req</c>: Migrate requests and children to another SO_REUSEPORT listener on close.</summary>
    public int TcpMigrateReq { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_fastopen</c>: TCP Fast Open flags: 0x1 client, 0x2 server, 0x200 no cookie needed, 0x400 on all listeners.</summary>
    public int TcpFastopen { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_workaround_signed_windows</c>: Cap the initial window at 32767 for peers that treat it as signed.</summary>
    public int TcpWorkaroundSignedWindows { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_rto_max_ms</c>: Maximum RTO (also caps the SYN-ACK backoff), in ms.</summary>
    public int TcpRtoMaxMs { get; init; } = 120_000;

    /// <summary><c>net.ipv4.tcp_rto_min_us</c>: Minimum RTO, in microseconds.</summary>
    public int TcpRtoMinUs { get; init; } = 200_000;

    /// <summary><c>net.ipv4.tcp_challenge_ack_limit</c>: Challenge ACKs per second (RFC 5961); effectively unlimited since v6.0.</summary>
    public int TcpChallengeAckLimit { get; init; } = int.MaxValue;

    /// <summary><c>net.ipv4.tcp_autocorking</c>: Coalesce small writes while packets are in flight.</summary>
    public int TcpAutocorking { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_moderate_rcvbuf</c>: Receive buffer auto-tuning.</summary>
    public int TcpModerateRcvbuf { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_adv_win_scale</c>: Legacy buffer/window split; unused by the window math since v6.6 (scaling_ratio replaced it).</summary>
    public int TcpAdvWinScale { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_min_snd_mss</c>: Lower bound for the peer-advertised MSS.</summary>
    public int TcpMinSndMss { get; init; } = 48;

    /// <summary><c>net.ipv4.tcp_base_mss</c>: Starting MSS of MTU probing.</summary>
    public int TcpBaseMss { get; init; } = 1024;

    /// <summary><c>net.ipv4.tcp_mtu_probing</c>: Packetization-layer PMTU discovery: 0 off, 1 on blackhole, 2 always.</summary>
    public int TcpMtuProbing { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_early_retrans</c>: Tail loss probe / early retransmit mode.</summary>
    public int TcpEarlyRetrans { get; init; } = 3;

    /// <summary><c>net.ipv4.tcp_recovery</c>: Loss recovery flags (0x1 RACK).</summary>
    public int TcpRecovery { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_slow_start_after_idle</c>: Reset cwnd after an idle period.</summary>
    public int TcpSlowStartAfterIdle { get; init; } = 1;

    /// <summary><c>net.ipv4.tcp_no_metrics_save</c>: Do not save per-destination metrics on close.</summary>
    public int TcpNoMetricsSave { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_reflect_tos</c>: Reflect the SYN's TOS in the SYN-ACK and the connection.</summary>
    public int TcpReflectTos { get; init; } = 0;

    /// <summary>
    /// tcp_cubic's module parameter <c>hystart</c> (/sys/module/tcp_cubic/parameters, set here as
    /// <c>tcp_cubic.hystart</c>): HyStart's slow-start exit, on by default.
    /// </summary>
    public int CubicHystart { get; init; } = 1;

    /// <summary>tcp_cubic's <c>hystart_detect</c>: 1 = ACK train, 2 = delay increase, 3 = both (the default).</summary>
    public int CubicHystartDetect { get; init; } = 3;

    /// <summary>tcp_cubic's <c>hystart_low_window</c>: HyStart acts only from this cwnd on.</summary>
    public int CubicHystartLowWindow { get; init; } = 16;

    /// <summary>tcp_cubic's <c>hystart_ack_delta_us</c>: the largest gap between ACKs of one train.</summary>
    public int CubicHystartAckDeltaUs { get; init; } = 2000;

    /// <summary><c>net.ipv4.route.mtu_expires</c>: seconds a learned path MTU (route exception) is kept.</summary>
    public int RouteMtuExpires { get; init; } = 600;

    /// <summary><c>net.ipv4.tcp_frto</c>: F-RTO spurious RTO detection (RFC 5682).</summary>
    public int TcpFrto { get; init; } = 2;

    /// <summary><c>net.ipv4.tcp_min_rtt_wlen</c>: Seconds of the windowed min-RTT filter.</summary>
    public int TcpMinRttWlen { get; init; } = 300;

    /// <summary><c>net.ipv4.tcp_notsent_lowat</c>: Unsent bytes limit for EPOLLOUT (unlimited by default).</summary>
    public uint TcpNotsentLowat { get; init; } = uint.MaxValue;

    /// <summary><c>net.ipv4.tcp_tso_win_divisor</c>: Fraction of cwnd one TSO frame may use.</summary>
    public int TcpTsoWinDivisor { get; init; } = 3;

    /// <summary><c>net.ipv4.tcp_min_tso_segs</c>: Fewest segments tcp_tso_autosize gives a GSO packet.</summary>
    public int TcpMinTsoSegs { get; init; } = 2;

    /// <summary><c>net.ipv4.tcp_tso_rtt_log</c>: tcp_tso_autosize adds gso_max_size &gt;&gt; (min_rtt_us &gt;&gt; this) bytes.</summary>
    public int TcpTsoRttLog { get; init; } = 9;

    /// <summary><c>net.ipv4.tcp_limit_output_bytes</c>: TCP small queues limit per socket.</summary>
    public int TcpLimitOutputBytes { get; init; } = 4_194_304;

    /// <summary><c>net.ipv4.tcp_comp_sack_nr</c>: Maximum number of compressed SACKs.</summary>
    public int TcpCompSackNr { get; init; } = 44;

    /// <summary><c>net.ipv4.tcp_thin_linear_timeouts</c>: Linear RTO backoff for thin streams.</summary>
    public int TcpThinLinearTimeouts { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_syn_linear_timeouts</c>: Number of SYN retransmissions with a linear (not doubled) timeout.</summary>
    public int TcpSynLinearTimeouts { get; init; } = 4;

    /// <summary><c>net.ipv4.tcp_reordering</c>: Initial reordering degree (dupthresh).</summary>
    public int TcpReordering { get; init; } = 3;

    /// <summary><c>net.ipv4.tcp_fack</c>: Obsolete (FACK was removed in v4.15); accepted and ignored as Linux still does.</summary>
    public int TcpFack { get; init; } = 0;

    /// <summary><c>net.ipv4.ip_local_port_range</c>: Ephemeral port range for outgoing connections.</summary>
    public PortRange IpLocalPortRange { get; init; } = new(32_768, 60_999);

    /// <summary><c>net.ipv4.ip_default_ttl</c>: TTL of outgoing packets.</summary>
    public int IpDefaultTtl { get; init; } = 64;

    /// <summary><c>net.ipv4.ip_no_pmtu_disc</c>: Disable path MTU discovery (DF bit).</summary>
    public int IpNoPmtuDisc { get; init; } = 0;

    /// <summary><c>net.ipv4.tcp_pacing_ss_ratio</c>: Pacing rate in slow start, percent of cwnd/srtt.</summary>
    public int TcpPacingSsRatio { get; init; } = 200;

    /// <summary><c>net.ipv4.tcp_pacing_ca_ratio</c>: Pacing rate in congestion avoidance, percent of cwnd/srtt.</summary>
    public int TcpPacingCaRatio { get; init; } = 120;

    /// <summary><c>net.ipv4.tcp_max_tw_buckets</c>: Maximum number of TIME_WAIT sockets (host-dependent; 131072 on the reference machine).</summary>
    public int TcpMaxTwBuckets { get; init; } = 131_072;

    /// <summary><c>net.ipv4.tcp_max_orphans</c>: Maximum number of orphaned sockets (host-dependent; 131072 on the reference machine).</summary>
    public int TcpMaxOrphans { get; init; } = 131_072;

    /// <summary>
    /// <c>net.ipv4.tcp_congestion_control</c>: congestion control of new sockets. Linux's built-in default
    /// (CONFIG_DEFAULT_TCP_CONG) is cubic; the development host reads bbr only because its distribution
    /// configuration selects it, so the faithful default is cubic.
    /// </summary>
    public string TcpCongestionControl { get; init; } = "cubic";

    /// <summary>
    /// <c>net.ipv4.tcp_fastopen_key</c>: the TFO server key(s); null means "not set", in which case Linux creates a
    /// random key on first use (and the sysctl reads as all zeros).
    /// </summary>
    public FastOpenKey? TcpFastopenKey { get; init; }

    /// <summary>Every supported name in its full form (<c>net.ipv4.tcp_rmem</c>, <c>net.core.somaxconn</c>).</summary>
    public static IReadOnlyList<string> KnownNames => Names;

    /// <summary>
    /// Sets one sysctl from its /proc text. <paramref name="linuxName"/> may be <c>net.ipv4.tcp_x</c>, <c>tcp_x</c>
    /// or <c>/proc/sys/net/ipv4/tcp_x</c> (likewise for net.core); vector values are separated by spaces or tabs.
    /// On failure <paramref name="updated"/> is this unchanged record and <paramref name="error"/> says why.
    /// </summary>
    public bool TrySet(string linuxName, string value, out TcpSysctls updated, out string error)
    {
        updated = this;
        if (!TryFind(linuxName, out var entry))
        {
            error = $"unknown sysctl '{linuxName}'";
            return false;
        }
        if (!entry.Set(this, value, out var result, out error))
        {
            error = $"{entry.Name}: {error}";
            return false;
        }
        updated = result;
        return true;
    }

    /// <summary>Sets one sysctl or throws <see cref="ArgumentException"/> with the reason.</summary>
    public TcpSysctls Set(string linuxName, string value) =>
        TrySet(linuxName, value, out var updated, out var error) ? updated : throw new ArgumentException(error, nameof(value));

    /// <summary>The value as /proc/sys would print it (vectors tab-separated).</summary>
    public string Get(string linuxName) =>
        TryFind(linuxName, out var entry) ? entry.Get(this) : throw new ArgumentException($"unknown sysctl '{linuxName}'", nameof(linuxName));

    /// <summary>True when <paramref name="linuxName"/> (in any accepted form) is supported.</summary>
    public static bool IsKnown(string linuxName) => TryFind(linuxName, out _);

    private static bool TryFind(string linuxName, out Entry entry)
    {
        var name = linuxName.Trim();
        if (name.StartsWith("/proc/sys/", StringComparison.Ordinal))
            name = name["/proc/sys/".Length..];
        name = name.Replace('/', '.');
        if (ByName.TryGetValue(name, out entry!))
            return true;
        return !name.Contains('.') &&
               (ByName.TryGetValue("net.ipv4." + name, out entry!) || ByName.TryGetValue("net.core." + name, out entry!));
    }

    private delegate bool Setter(TcpSysctls current, string value, out TcpSysctls updated, out string error);

    private sealed record Entry(string Name, Func<TcpSysctls, string> Get, Setter Set);

    private static readonly Entry[] Entries =
    [
        Int("net.core.somaxconn", s => s.Somaxconn, (s, v) => s with { Somaxconn = v }, 0, int.MaxValue),
        Int("net.core.rmem_max", s => s.RmemMax, (s, v) => s with { RmemMax = v }, 4608, int.MaxValue),
        Int("net.core.wmem_max", s => s.WmemMax, (s, v) => s with { WmemMax = v }, 4608, int.MaxValue),
        Int("net.core.rmem_default", s => s.RmemDefault, (s, v) => s with { RmemDefault = v }, 4608, int.MaxValue),
        Int("net.core.wmem_default", s => s.WmemDefault, (s, v) => s with { WmemDefault = v }, 4608, int.MaxValue),
        Int("net.ipv4.tcp_syncookies", s => s.TcpSyncookies, (s, v) => s with { TcpSyncookies = v }, 0, 255),
        Int("net.ipv4.tcp_max_syn_backlog", s => s.TcpMaxSynBacklog, (s, v) => s with { TcpMaxSynBacklog = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_synack_retries", s => s.TcpSynackRetries, (s, v) => s with { TcpSynackRetries = v }, 0, 255),
        Int("net.ipv4.tcp_syn_retries", s => s.TcpSynRetries, (s, v) => s with { TcpSynRetries = v }, 1, 127),
        Int("net.ipv4.tcp_abort_on_overflow", s => s.TcpAbortOnOverflow, (s, v) => s with { TcpAbortOnOverflow = v }, 0, 255),
        Int("net.ipv4.tcp_timestamps", s => s.TcpTimestamps, (s, v) => s with { TcpTimestamps = v }, 0, 255),
        Int("net.ipv4.tcp_sack", s => s.TcpSack, (s, v) => s with { TcpSack = v }, 0, 255),
        Int("net.ipv4.tcp_dsack", s => s.TcpDsack, (s, v) => s with { TcpDsack = v }, 0, 255),
        Int("net.ipv4.tcp_window_scaling", s => s.TcpWindowScaling, (s, v) => s with { TcpWindowScaling = v }, 0, 255),
        Buffers("net.ipv4.tcp_rmem", s => s.TcpRmem, (s, v) => s with { TcpRmem = v }),
        Buffers("net.ipv4.tcp_wmem", s => s.TcpWmem, (s, v) => s with { TcpWmem = v }),
        Int("net.ipv4.tcp_ecn", s => s.TcpEcn, (s, v) => s with { TcpEcn = v }, 0, 5),
        Int("net.ipv4.tcp_ecn_fallback", s => s.TcpEcnFallback, (s, v) => s with { TcpEcnFallback = v }, 0, 1),
        Int("net.ipv4.tcp_ecn_option", s => s.TcpEcnOption, (s, v) => s with { TcpEcnOption = v }, 0, 2),
        Int("net.ipv4.tcp_fin_timeout", s => s.TcpFinTimeout, (s, v) => s with { TcpFinTimeout = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_retries1", s => s.TcpRetries1, (s, v) => s with { TcpRetries1 = v }, 0, 255),
        Int("net.ipv4.tcp_retries2", s => s.TcpRetries2, (s, v) => s with { TcpRetries2 = v }, 0, 255),
        Int("net.ipv4.tcp_orphan_retries", s => s.TcpOrphanRetries, (s, v) => s with { TcpOrphanRetries = v }, 0, 255),
        Int("net.ipv4.tcp_keepalive_time", s => s.TcpKeepaliveTime, (s, v) => s with { TcpKeepaliveTime = v }, 1, int.MaxValue),
        Int("net.ipv4.tcp_keepalive_intvl", s => s.TcpKeepaliveIntvl, (s, v) => s with { TcpKeepaliveIntvl = v }, 1, int.MaxValue),
        Int("net.ipv4.tcp_keepalive_probes", s => s.TcpKeepaliveProbes, (s, v) => s with { TcpKeepaliveProbes = v }, 0, 255),
        Int("net.ipv4.tcp_invalid_ratelimit", s => s.TcpInvalidRatelimit, (s, v) => s with { TcpInvalidRatelimit = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_rfc1337", s => s.TcpRfc1337, (s, v) => s with { TcpRfc1337 = v }, 0, 255),
        Int("net.ipv4.tcp_tw_reuse", s => s.TcpTwReuse, (s, v) => s with { TcpTwReuse = v }, 0, 2),
        Int("net.ipv4.tcp_tw_reuse_delay", s => s.TcpTwReuseDelay, (s, v) => s with { TcpTwReuseDelay = v }, 1, int.MaxValue),
        Int("net.ipv4.tcp_migrate_req", s => s.TcpMigrateReq, (s, v) => s with { TcpMigrateReq = v }, 0, 1),
        Int("net.ipv4.tcp_fastopen", s => s.TcpFastopen, (s, v) => s with { TcpFastopen = v }, int.MinValue, int.MaxValue),
        Int("net.ipv4.tcp_workaround_signed_windows", s => s.TcpWorkaroundSignedWindows, (s, v) => s with { TcpWorkaroundSignedWindows = v }, 0, 255),
        Int("net.ipv4.tcp_rto_max_ms", s => s.TcpRtoMaxMs, (s, v) => s with { TcpRtoMaxMs = v }, 1000, 120000),
        Int("net.ipv4.tcp_rto_min_us", s => s.TcpRtoMinUs, (s, v) => s with { TcpRtoMinUs = v }, 1, int.MaxValue),
        Int("net.ipv4.tcp_challenge_ack_limit", s => s.TcpChallengeAckLimit, (s, v) => s with { TcpChallengeAckLimit = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_autocorking", s => s.TcpAutocorking, (s, v) => s with { TcpAutocorking = v }, 0, 255),
        Int("net.ipv4.tcp_moderate_rcvbuf", s => s.TcpModerateRcvbuf, (s, v) => s with { TcpModerateRcvbuf = v }, 0, 255),
        Int("net.ipv4.tcp_adv_win_scale", s => s.TcpAdvWinScale, (s, v) => s with { TcpAdvWinScale = v }, -31, 31),
        Int("net.ipv4.tcp_min_snd_mss", s => s.TcpMinSndMss, (s, v) => s with { TcpMinSndMss = v }, 48, 65495),
        Int("net.ipv4.tcp_base_mss", s => s.TcpBaseMss, (s, v) => s with { TcpBaseMss = v }, 1, int.MaxValue),
        Int("net.ipv4.tcp_mtu_probing", s => s.TcpMtuProbing, (s, v) => s with { TcpMtuProbing = v }, 0, 2),
        Int("net.ipv4.tcp_early_retrans", s => s.TcpEarlyRetrans, (s, v) => s with { TcpEarlyRetrans = v }, 0, 4),
        Int("net.ipv4.tcp_recovery", s => s.TcpRecovery, (s, v) => s with { TcpRecovery = v }, int.MinValue, int.MaxValue),
        Int("net.ipv4.tcp_slow_start_after_idle", s => s.TcpSlowStartAfterIdle, (s, v) => s with { TcpSlowStartAfterIdle = v }, 0, 255),
        Int("net.ipv4.tcp_no_metrics_save", s => s.TcpNoMetricsSave, (s, v) => s with { TcpNoMetricsSave = v }, 0, 255),
        Int("net.ipv4.tcp_reflect_tos", s => s.TcpReflectTos, (s, v) => s with { TcpReflectTos = v }, 0, 1),
        Int("net.ipv4.tcp_frto", s => s.TcpFrto, (s, v) => s with { TcpFrto = v }, 0, 255),
        Int("net.ipv4.route.mtu_expires", s => s.RouteMtuExpires, (s, v) => s with { RouteMtuExpires = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_min_rtt_wlen", s => s.TcpMinRttWlen, (s, v) => s with { TcpMinRttWlen = v }, 0, 86400),
        UInt("net.ipv4.tcp_notsent_lowat", s => s.TcpNotsentLowat, (s, v) => s with { TcpNotsentLowat = v }),
        Int("net.ipv4.tcp_tso_win_divisor", s => s.TcpTsoWinDivisor, (s, v) => s with { TcpTsoWinDivisor = v }, 1, 255),
        Int("net.ipv4.tcp_min_tso_segs", s => s.TcpMinTsoSegs, (s, v) => s with { TcpMinTsoSegs = v }, 1, 255),
        Int("net.ipv4.tcp_tso_rtt_log", s => s.TcpTsoRttLog, (s, v) => s with { TcpTsoRttLog = v }, 0, 255),
        Int("net.ipv4.tcp_limit_output_bytes", s => s.TcpLimitOutputBytes, (s, v) => s with { TcpLimitOutputBytes = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_comp_sack_nr", s => s.TcpCompSackNr, (s, v) => s with { TcpCompSackNr = v }, 0, 255),
        Int("net.ipv4.tcp_thin_linear_timeouts", s => s.TcpThinLinearTimeouts, (s, v) => s with { TcpThinLinearTimeouts = v }, 0, 255),
        Int("net.ipv4.tcp_syn_linear_timeouts", s => s.TcpSynLinearTimeouts, (s, v) => s with { TcpSynLinearTimeouts = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_reordering", s => s.TcpReordering, (s, v) => s with { TcpReordering = v }, 1, int.MaxValue),
        Int("net.ipv4.tcp_fack", s => s.TcpFack, (s, v) => s with { TcpFack = v }, 0, 255),
        Ports("net.ipv4.ip_local_port_range", s => s.IpLocalPortRange, (s, v) => s with { IpLocalPortRange = v }),
        Int("net.ipv4.ip_default_ttl", s => s.IpDefaultTtl, (s, v) => s with { IpDefaultTtl = v }, 1, 255),
        Int("net.ipv4.ip_no_pmtu_disc", s => s.IpNoPmtuDisc, (s, v) => s with { IpNoPmtuDisc = v }, 0, 3),
        Int("net.ipv4.tcp_pacing_ss_ratio", s => s.TcpPacingSsRatio, (s, v) => s with { TcpPacingSsRatio = v }, 0, 1000),
        Int("net.ipv4.tcp_pacing_ca_ratio", s => s.TcpPacingCaRatio, (s, v) => s with { TcpPacingCaRatio = v }, 0, 1000),
        Int("net.ipv4.tcp_max_tw_buckets", s => s.TcpMaxTwBuckets, (s, v) => s with { TcpMaxTwBuckets = v }, 0, int.MaxValue),
        Int("net.ipv4.tcp_max_orphans", s => s.TcpMaxOrphans, (s, v) => s with { TcpMaxOrphans = v }, 0, int.MaxValue),
        new("net.ipv4.tcp_congestion_control", s => s.TcpCongestionControl, SetCongestionControl),
        new("net.ipv4.tcp_fastopen_key", s => (s.TcpFastopenKey ?? new FastOpenKey(SipHashKey.Zero)).ToString(), SetFastOpenKey),
    ];

    /// <summary>
    /// Module parameters (/sys/module/MODULE/parameters/NAME, named MODULE.NAME here): set like sysctls but not
    /// among <see cref="KnownNames"/>, which lists /proc/sys only.
    /// </summary>
    private static readonly Entry[] ModuleParameterEntries =
    [
        Int("tcp_cubic.hystart", s => s.CubicHystart, (s, v) => s with { CubicHystart = v }, 0, 1),
        Int("tcp_cubic.hystart_detect", s => s.CubicHystartDetect, (s, v) => s with { CubicHystartDetect = v }, 0, 3),
        Int("tcp_cubic.hystart_low_window", s => s.CubicHystartLowWindow, (s, v) => s with { CubicHystartLowWindow = v }, 0, int.MaxValue),
        Int("tcp_cubic.hystart_ack_delta_us", s => s.CubicHystartAckDeltaUs, (s, v) => s with { CubicHystartAckDeltaUs = v }, 0, int.MaxValue),
    ];

    private static readonly FrozenDictionary<string, Entry> ByName =
        Entries.Concat(ModuleParameterEntries).ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);

    private static readonly string[] Names = Entries.Select(e => e.Name).ToArray();


    /// <summary>A proc_dointvec_minmax style integer.</summary>
    private static Entry Int(string name, Func<TcpSysctls, int> get, Func<TcpSysctls, int, TcpSysctls> with, long min, long max) =>
        Number(name, s => get(s), (s, v) => with(s, (int)v), min, max, allowNegative: true);

    /// <summary>A proc_douintvec style unsigned 32-bit value.</summary>
    private static Entry UInt(string name, Func<TcpSysctls, uint> get, Func<TcpSysctls, uint, TcpSysctls> with) =>
        Number(name, s => get(s), (s, v) => with(s, (uint)v), 0, uint.MaxValue, allowNegative: false);

    /// <summary>One integer in [min, max], read like /proc does.</summary>
    private static Entry Number(
        string name, Func<TcpSysctls, long> get, Func<TcpSysctls, long, TcpSysctls> with, long min, long max, bool allowNegative) =>
        new(name, s => get(s).ToString(System.Globalization.CultureInfo.InvariantCulture),
            (TcpSysctls s, string value, out TcpSysctls updated, out string error) =>
            {
                updated = s;
                var tokens = SysctlText.SplitValues(value);
                if (tokens.Length != 1)
                {
                    error = $"expected one integer, got '{value}'";
                    return false;
                }
                if (!SysctlText.TryParseInteger(tokens[0], allowNegative, out var v))
                {
                    error = $"'{tokens[0]}' is not {(allowNegative ? "an" : "an unsigned")} integer";
                    return false;
                }
                if (v < min || v > max)
                {
                    error = $"{v} is outside the allowed range {min}..{max}";
                    return false;
                }
                updated = with(s, v);
                error = "";
                return true;
            });

    /// <summary>
    /// tcp_rmem / tcp_wmem: like proc_dointvec on a 3-vector, 1 to 3 values update the leading elements; each must
    /// be at least 1.
    /// </summary>
    private static Entry Buffers(string name, Func<TcpSysctls, TcpBufferSizes> get, Func<TcpSysctls, TcpBufferSizes, TcpSysctls> with) =>
        new(name, s => get(s).ToString(),
            (TcpSysctls s, string value, out TcpSysctls updated, out string error) =>
            {
                updated = s;
                if (!TryParseVector(value, 3, 1, int.MaxValue, out var v, out var count, out error))
                    return false;
                var old = get(s);
                updated = with(s, new TcpBufferSizes(v[0], count > 1 ? v[1] : old.Default, count > 2 ? v[2] : old.Max));
                return true;
            });

    /// <summary>ip_local_port_range (ipv4_local_port_range): exactly two ports, low ≤ high, both in 1..65535.</summary>
    private static Entry Ports(string name, Func<TcpSysctls, PortRange> get, Func<TcpSysctls, PortRange, TcpSysctls> with) =>
        new(name, s => get(s).ToString(),
            (TcpSysctls s, string value, out TcpSysctls updated, out string error) =>
            {
                updated = s;
                if (!TryParseVector(value, 2, 1, 65535, out var v, out var count, out error))
                    return false;
                if (count != 2 || v[1] < v[0])
                {
                    error = $"expected 'low high' with low <= high, got '{value}'";
                    return false;
                }
                updated = with(s, new PortRange(v[0], v[1]));
                return true;
            });

    private static bool TryParseVector(string value, int maxCount, long min, long max, out int[] values, out int count, out string error)
    {
        values = new int[maxCount];
        var tokens = SysctlText.SplitValues(value);
        count = tokens.Length;
        if (count is 0 || count > maxCount)
        {
            error = $"expected 1 to {maxCount} integers separated by spaces or tabs, got '{value}'";
            return false;
        }
        for (var i = 0; i < count; i++)
        {
            if (!SysctlText.TryParseInteger(tokens[i], allowNegative: true, out var v))
            {
                error = $"'{tokens[i]}' is not an integer";
                return false;
            }
            if (v < min || v > max)
            {
                error = $"{v} is outside the allowed range {min}..{max}";
                return false;
            }
            values[i] = (int)v;
        }
        error = "";
        return true;
    }

    /// <summary>Linux checks the name against registered algorithms; we accept any well-formed name (TCP_CA_NAME_MAX 16).</summary>
    private static bool SetCongestionControl(TcpSysctls s, string value, out TcpSysctls updated, out string error)
    {
        updated = s;
        var name = value.Trim();
        if (name.Length is 0 or > 15 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            error = $"'{value}' is not a congestion control name";
            return false;
        }
        updated = s with { TcpCongestionControl = name };
        error = "";
        return true;
    }

    private static bool SetFastOpenKey(TcpSysctls s, string value, out TcpSysctls updated, out string error)
    {
        updated = s;
        if (!FastOpenKey.TryParse(value, out var key, out error))
            return false;
        updated = s with { TcpFastopenKey = key };
        return true;
    }
}
