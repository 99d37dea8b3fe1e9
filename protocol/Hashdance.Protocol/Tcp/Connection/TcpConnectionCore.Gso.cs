namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The GSO side of Linux's sender, as far as it shows on the wire. Linux builds skbs of up to a size goal
/// (tcp_xmit_size_goal) and hands tcp_write_xmit's GSO packets, up to tcp_tso_segs segments each, to the device,
/// which cuts them into MSS segments; __tcp_transmit_skb puts PSH on every packet of more than one segment ("to
/// expedite GRO flush at receiver"), so on the wire the last segment of each such packet carries PSH. Hashdance
/// sends the segments one by one but groups them as Linux would, so its PSH bits match.
/// </summary>
public sealed partial class TcpConnectionCore
{
    /// <summary>
    /// sk_gso_max_size after sk_setup_caps: GSO_LEGACY_MAX_SIZE (65536) minus MAX_TCP_HEADER + 1 (320 + 1 on
    /// x86-64), for a device without BIG TCP.
    /// </summary>
    private const int GsoMaxSize = 65536 - 321;

    /// <summary>sk_gso_max_segs: GSO_MAX_SEGS.</summary>
    private const int GsoMaxSegs = 65535;

    /// <summary>sk_pacing_shift's default: a GSO packet holds about 1 ms (2^-10 s) of the pacing rate.</summary>
    private const int PacingShift = 10;

    private ulong _pacingRate = ulong.MaxValue; // sk_pacing_rate in bytes per second; ~0UL until the first update
    private int _gsoSegs;                       // gso_segs: the size goal's segment count, cached as Linux does

    /// <summary>The socket's pacing rate in bytes per second (tcpi_pacing_rate); ulong.MaxValue until first set.</summary>
    public ulong PacingRate => _pacingRate;

    /// <summary>
    /// Mirrors tcp_update_pacing_rate (net/ipv4/tcp_input.c): 200 % of cwnd × MSS / SRTT while cwnd is below half
    /// of ssthresh (tcp_pacing_ss_ratio), 120 % after (tcp_pacing_ca_ratio). Called where Linux calls it: at the
    /// end of tcp_cong_control for every ACK that met a non-empty queue, and when a passive socket becomes
    /// ESTABLISHED.
    /// </summary>
    private void UpdatePacingRate()
    {
        var rate = (ulong)_mssCache * (10_000UL << 3);
        var sysctls = _settings.Sysctls;
        rate *= (ulong)(_cwnd.Cwnd < _cwnd.Ssthresh / 2 ? sysctls.TcpPacingSsRatio : sysctls.TcpPacingCaRatio);
        rate *= (ulong)Math.Max(_cwnd.Cwnd, PacketsOut);
        if (_srttUs != 0) rate /= (ulong)_srttUs;
        _pacingRate = rate;
    }

    /// <summary>
    /// Mirrors tcp_tso_segs / tcp_tso_autosize (net/ipv4/tcp_output.c): about 1 ms worth of the pacing rate, plus
    /// more for short paths (gso_max_size &gt;&gt; (min_rtt_us &gt;&gt; tcp_tso_rtt_log)), at most gso_max_size and at
    /// least tcp_min_tso_segs segments (neither Reno nor CUBIC has a min_tso_segs hook).
    /// </summary>
    private int TsoSegs()
    {
        var sysctls = _settings.Sysctls;
        var bytes = _pacingRate >> PacingShift;
        // rtt_min starts at ~0U (minmax_reset), so before the first RTT sample nothing is added.
        var minRtt = _minRttUs < 0 ? uint.MaxValue : _minRttUs;
        var r = minRtt >> sysctls.TcpTsoRttLog;
        if (r < 32) bytes += (ulong)(GsoMaxSize >> (int)r);
        bytes = Math.Min(bytes, GsoMaxSize);
        var segs = Math.Max((int)(bytes / (ulong)Math.Max(_mssCache, 1)), sysctls.TcpMinTsoSegs);
        return Math.Min(segs, GsoMaxSegs);
    }

    /// <summary>
    /// Mirrors tcp_xmit_size_goal (net/ipv4/tcp.c): how large tcp_sendmsg lets an skb grow — gso_max_size bounded
    /// to half the largest window the peer offered (tcp_bound_to_half_wnd), in whole MSS, never below one MSS. The
    /// segment count is cached in gso_segs and recomputed only when the bound leaves [goal, goal + MSS).
    /// </summary>
    private int SizeGoal()
    {
        var mss = Math.Max(_mssCache, 1);
        var newSizeGoal = BoundToHalfWindow(GsoMaxSize);
        var sizeGoal = _gsoSegs * mss;
        if (newSizeGoal < sizeGoal || newSizeGoal >= sizeGoal + mss)
        {
            _gsoSegs = Math.Min(newSizeGoal / mss, GsoMaxSegs);
            sizeGoal = _gsoSegs * mss;
        }
        return Math.Max(sizeGoal, mss);
    }

    /// <summary>
    /// Mirrors tcp_mss_split_point (net/ipv4/tcp_output.c): how much of an skb of <paramref name="skbLength"/> bytes
    /// one GSO packet of at most <paramref name="maxSegs"/> segments takes, given <paramref name="window"/> bytes of
    /// peer window from its start. Only the queue's tail, or an skb the window cuts, can end in a partial segment,
    /// and that one waits when Nagle (or the cork) would hold it.
    /// </summary>
    private int MssSplitPoint(int skbLength, int window, bool isTail, int maxSegs, bool nagleOff, bool corked)
    {
        var maxLength = _mssCache * maxSegs;
        if (maxLength <= window && !isTail) return Math.Min(maxLength, skbLength);
        var needed = Math.Min(skbLength, window);
        if (maxLength <= needed) return maxLength;
        var partial = needed % _mssCache;
        if (partial != 0 && !nagleOff && NagleHolds(corked)) return needed - partial;
        return needed;
    }

    /// <summary>
    /// Mirrors tcp_cwnd_test: the segments the congestion window lets one GSO packet have — never more than half
    /// of cwnd, "to ensure at least 2 GSO packets in flight"; a loss probe gets one even when cwnd is full.
    /// </summary>
    private int CwndQuota(bool lossProbe)
    {
        var inFlight = _rtx.InFlight;
        var cwnd = _cwnd.Cwnd;
        if (inFlight >= cwnd) return lossProbe ? 1 : 0;
        return Math.Min(Math.Max(cwnd >> 1, 1), cwnd - inFlight);
    }
}
