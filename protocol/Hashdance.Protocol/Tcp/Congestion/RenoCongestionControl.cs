using Hashdance.Protocol.Wire;
namespace Hashdance.Protocol.Tcp;

/// <summary>
/// NewReno. Mirrors tcp_reno_cong_avoid, tcp_reno_ssthresh and tcp_reno_undo_cwnd (net/ipv4/tcp_cong.c): slow start,
/// then one segment per window of ACKed segments; half the window on loss.
/// </summary>
public sealed class RenoCongestionControl : ICongestionControl
{
    public const string AlgorithmName = "reno";

    public string Name => AlgorithmName;

    public void Init(CongestionWindow window)
    {
    }

    /// <summary>tcp_reno_ssthresh: half the window, at least 2.</summary>
    public int Ssthresh(CongestionWindow window) => Math.Max(window.Cwnd >> 1, 2);

    /// <summary>tcp_reno_cong_avoid.</summary>
    public void CongestionAvoid(CongestionWindow window, int acked, uint nowJiffies)
    {
        if (!window.IsCwndLimited) return;
        if (window.InSlowStart)
        {
            acked = window.SlowStart(acked);
            if (acked == 0) return;
        }
        window.CongestionAvoidAi(window.Cwnd, acked);
    }

    /// <summary>tcp_reno_undo_cwnd.</summary>
    public int UndoCwnd(CongestionWindow window) => Math.Max(window.Cwnd, window.PriorCwnd);

    public void SetState(CongestionState state)
    {
    }

    public void CwndEvent(CongestionEvent congestionEvent, uint nowJiffies, uint lastSendJiffies)
    {
    }

    public void PacketsAcked(CongestionWindow window, int acked, long rttMicros, long nowMicros, SeqNum sndUna, SeqNum sndNxt)
    {
    }
}
