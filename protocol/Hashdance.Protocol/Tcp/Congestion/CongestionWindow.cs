namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The congestion-window part of struct tcp_sock a congestion-control module reads and writes: snd_cwnd (in
/// segments), snd_ssthresh, snd_cwnd_cnt, snd_cwnd_clamp, prior_cwnd and whether the flow is cwnd-limited.
/// Holds the shared helpers of net/ipv4/tcp_cong.c (tcp_slow_start, tcp_cong_avoid_ai).
/// </summary>
public sealed class CongestionWindow
{
    /// <summary>TCP_INFINITE_SSTHRESH.</summary>
    public const int InfiniteSsthresh = 0x7fffffff;

    /// <summary>snd_cwnd in segments.</summary>
    public int Cwnd { get; set; } = TcpConnectionCore.InitialCongestionWindow;

    /// <summary>snd_ssthresh in segments.</summary>
    public int Ssthresh { get; set; } = InfiniteSsthresh;

    /// <summary>snd_cwnd_cnt: the linear-increase counter.</summary>
    public int CwndCount { get; set; }

    /// <summary>snd_cwnd_clamp.</summary>
    public int CwndClamp { get; set; } = int.MaxValue;

    /// <summary>prior_cwnd: cwnd when the last reduction began.</summary>
    public int PriorCwnd { get; set; }

    /// <summary>tcp_is_cwnd_limited: in slow start, cwnd &lt; 2 × max_packets_out; otherwise is_cwnd_limited.</summary>
    public bool IsCwndLimited { get; set; } = true;

    /// <summary>tcp_in_slow_start.</summary>
    public bool InSlowStart => Cwnd < Ssthresh;

    /// <summary>
    /// Mirrors tcp_slow_start (net/ipv4/tcp_cong.c): grow by the segments acknowledged, up to ssthresh; returns the
    /// part of <paramref name="acked"/> left for congestion avoidance.
    /// </summary>
    public int SlowStart(int acked)
    {
        var cwnd = Math.Min(Cwnd + acked, Ssthresh);
        acked -= cwnd - Cwnd;
        Cwnd = Math.Min(cwnd, CwndClamp);
        return acked;
    }

    /// <summary>Mirrors tcp_cong_avoid_ai: one segment more per <paramref name="w"/> segments acknowledged.</summary>
    public void CongestionAvoidAi(int w, int acked)
    {
        if (CwndCount >= w)
        {
            CwndCount = 0;
            Cwnd++;
        }
        CwndCount += acked;
        if (CwndCount >= w)
        {
            var delta = CwndCount / w;
            CwndCount -= delta * w;
            Cwnd += delta;
        }
        Cwnd = Math.Min(Cwnd, CwndClamp);
    }
}
