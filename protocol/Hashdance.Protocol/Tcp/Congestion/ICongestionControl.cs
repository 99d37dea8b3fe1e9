using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A congestion-control algorithm. Mirrors struct tcp_congestion_ops (include/net/tcp.h): one instance per socket
/// (its private state is icsk_ca_priv). Times are in jiffies (tcp_jiffies32), as the kernel modules see them.
/// </summary>
public interface ICongestionControl
{
    /// <summary>The name TCP_CONGESTION and tcp_congestion_control use ("reno", "cubic").</summary>
    string Name { get; }

    /// <summary>.init: the socket starts (tcp_init_congestion_control).</summary>
    void Init(CongestionWindow window);

    /// <summary>.ssthresh: the slow-start threshold after a loss (in segments).</summary>
    int Ssthresh(CongestionWindow window);

    /// <summary>.cong_avoid: grow the window for <paramref name="acked"/> newly delivered segments.</summary>
    void CongestionAvoid(CongestionWindow window, int acked, uint nowJiffies);

    /// <summary>.undo_cwnd: the window to restore when a reduction proves spurious.</summary>
    int UndoCwnd(CongestionWindow window);

    /// <summary>.set_state: the socket's congestion state changes (tcp_set_ca_state).</summary>
    void SetState(CongestionState state);

    /// <summary>.cwnd_event.</summary>
    void CwndEvent(CongestionEvent congestionEvent, uint nowJiffies, uint lastSendJiffies);

    /// <summary>
    /// .pkts_acked: <paramref name="acked"/> segments newly acknowledged with an RTT sample of
    /// <paramref name="rttMicros"/> (negative: none), at <paramref name="nowMicros"/> (tcp_mstamp) with snd_una and
    /// snd_nxt after the ACK (what HyStart's rounds are measured by).
    /// </summary>
    void PacketsAcked(CongestionWindow window, int acked, long rttMicros, long nowMicros, SeqNum sndUna, SeqNum sndNxt);
}
