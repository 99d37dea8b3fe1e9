using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    // --- RACK (struct tcp_rack in struct tcp_sock) ---
    private long _rackMstamp = -1;   // rack.mstamp: send time of the most recently sent (S)ACKed segment, -1 = none
    private SeqNum _rackEndSeq;      // rack.end_seq
    private long _rackRttUs;         // rack.rtt_us
    private bool _rackAdvanced;      // rack.advanced
    private int _rackReoWndSteps = 1; // rack.reo_wnd_steps: the reordering window in units of min_rtt / 4
    private int _rackReoWndPersist;  // rack.reo_wnd_persist: recoveries a grown window still lasts
    private bool _rackDsackSeen;     // rack.dsack_seen
    private long _rackLastDelivered; // rack.last_delivered: tp->delivered when reo_wnd_steps last grew

    /// <summary>rack.reo_wnd_steps.</summary>
    public int RackReoWindowSteps => _rackReoWndSteps;

    /// <summary>The reordering window RACK would apply now (tcp_rack_reo_wnd), in microseconds.</summary>
    public long RackReoWindowMicros => RackReoWindowUs();

    /// <summary>tcp_is_rack: RACK loss detection (tcp_recovery &amp; TCP_RACK_LOSS_DETECTION) on a SACK connection.</summary>
    private bool RackEnabled => _sackOk && (_settings.Sysctls.TcpRecovery & 1) != 0;

    /// <summary>tcp_recovery &amp; TCP_RACK_NO_DUPTHRESH.</summary>
    private bool RackNoDupthresh => (_settings.Sysctls.TcpRecovery & 4) != 0;

    /// <summary>tcp_skb_sent_after: sent later, or at the same time with a higher end sequence.</summary>
    private static bool SentAfter(long t1, long t2, SeqNum seq1, SeqNum seq2) => t1 > t2 || (t1 == t2 && seq1 > seq2);

    /// <summary>
    /// Mirrors tcp_rack_advance (net/ipv4/tcp_recovery.c): a segment newly (S)ACKed moves RACK's reference to the
    /// most recently sent delivered segment and takes its RTT — unless it was retransmitted and the sample is
    /// shorter than min_rtt, when it is ambiguous which copy arrived.
    /// </summary>
    private void RackAdvance(RetransmitQueue.Marks marks, SeqNum endSeq, long sentMicros, long nowMicros)
    {
        var rtt = Math.Max(nowMicros - sentMicros, 0);
        if ((marks & (RetransmitQueue.Marks.Retrans | RetransmitQueue.Marks.EverRetrans)) != 0 && _minRttUs >= 0 && rtt < _minRttUs)
            return;
        _rackAdvanced = true;
        _rackRttUs = rtt;
        if (_rackMstamp < 0 || SentAfter(sentMicros, _rackMstamp, endSeq, _rackEndSeq))
        {
            _rackMstamp = sentMicros;
            _rackEndSeq = endSeq;
        }
    }

    /// <summary>
    /// The tcp_rack_advance calls of tcp_clean_rtx_queue: every segment the cumulative ACK covers that was not SACKed
    /// before, unless its retransmission was spurious (tcp_skb_spurious_retrans: the ACK echoes a timestamp older
    /// than the retransmission).
    /// </summary>
    private void RackAdvanceForAcked(in TcpSegment segment, SeqNum ack, long nowMicros)
    {
        if (!RackEnabled) return;
        var options = segment.Options;
        for (var i = 0; i < _rtx.Count && _rtx.End(i) <= ack; i++)
        {
            var marks = _rtx.MarksOf(i);
            if ((marks & RetransmitQueue.Marks.Sacked) != 0) continue;
            var sent = _rtx.SentMicros(i);
            if ((marks & (RetransmitQueue.Marks.Retrans | RetransmitQueue.Marks.EverRetrans)) != 0 && options.SawTimestamp
                && options.TsEcr != 0 && unchecked((int)(options.TsEcr - _tsOffset - NowMs(sent))) < 0)
                continue;
            RackAdvance(marks, _rtx.End(i), sent, nowMicros);
        }
    }

    /// <summary>
    /// Mirrors tcp_rack_reo_wnd: until reordering has been seen (reord_seen), no reordering window while in Recovery
    /// or once sacked_out reaches tp->reordering (the DUPACK threshold, unless TCP_RACK_NO_DUPTHRESH); otherwise
    /// reo_wnd_steps × min_rtt / 4, at most srtt.
    /// </summary>
    private long RackReoWindowUs()
    {
        if (_reordSeen == 0)
        {
            if (_caState >= CongestionState.Recovery) return 0;
            if (_rtx.SackedOut >= Reordering && !RackNoDupthresh) return 0;
        }
        var minRtt = _minRttUs < 0 ? 0 : _minRttUs;
        return Math.Min((minRtt >> 2) * _rackReoWndSteps, _srttUs >> 3);
    }

    /// <summary>
    /// Mirrors tcp_rack_update_reo_wnd (net/ipv4/tcp_recovery.c): a D-SACK seen after reordering (rack.dsack_seen)
    /// widens the window by one min_rtt / 4 step, at most once per round trip (the ACK's rate sample must have been
    /// sent after the last widening), and the width then persists for TCP_RACK_RECOVERY_THRESH recoveries before
    /// it falls back to one step. TCP_RACK_STATIC_REO_WND (tcp_recovery &amp; 2) keeps it static.
    /// <paramref name="priorDelivered"/> is rs->prior_delivered (0: no sample).
    /// </summary>
    private void RackUpdateReoWnd(long priorDelivered)
    {
        if ((_settings.Sysctls.TcpRecovery & 2) != 0 || priorDelivered == 0) return;
        // Disregard a D-SACK when a round trip has not passed since the window last grew.
        if (priorDelivered < _rackLastDelivered) _rackDsackSeen = false;
        if (_rackDsackSeen)
        {
            _rackReoWndSteps = Math.Min(0xFF, _rackReoWndSteps + 1);
            _rackDsackSeen = false;
            _rackLastDelivered = _delivered;
            _rackReoWndPersist = RackRecoveryThreshold;
        }
        else if (_rackReoWndPersist == 0)
        {
            _rackReoWndSteps = 1;
        }
    }

    /// <summary>
    /// Mirrors tcp_rack_detect_loss: a segment sent before the most recently delivered one is lost once it has gone
    /// unacknowledged for longer than RACK's RTT plus the reordering window; segments still inside that time give
    /// the longest wait left. Segments marked lost but not yet retransmitted, and SACKed ones, are not candidates.
    /// Returns the newly lost segments.
    /// </summary>
    private int RackDetectLoss(long nowMicros, out long reoTimeoutUs)
    {
        reoTimeoutUs = 0;
        var reoWindow = RackReoWindowUs();
        var newlyLost = 0;
        for (var i = 0; i < _rtx.Count; i++)
        {
            var marks = _rtx.MarksOf(i);
            if ((marks & RetransmitQueue.Marks.Sacked) != 0) continue;
            if ((marks & RetransmitQueue.Marks.Lost) != 0 && (marks & RetransmitQueue.Marks.Retrans) == 0) continue;
            var sent = _rtx.SentMicros(i);
            if (!SentAfter(_rackMstamp, sent, _rackEndSeq, _rtx.End(i))) continue;
            var remaining = _rackRttUs + reoWindow - (nowMicros - sent);
            if (remaining <= 0)
            {
                if (_rtx.MarkLost(i, retransmissionToo: true, out var lostRetransmission)) newlyLost++;
                if (lostRetransmission) _mib.Increment(MibCounter.TcpExtTCPLostRetransmit);
            }
            else
            {
                reoTimeoutUs = Math.Max(reoTimeoutUs, remaining);
            }
        }
        return newlyLost;
    }

    /// <summary>
    /// Mirrors tcp_rack_mark_lost: once RACK has advanced, detect losses; segments still within the reordering
    /// window arm the reordering timer (their wait + 2 ms, at most the RTO), which then stands in for the RTO.
    /// Returns the newly lost segments; <paramref name="timerArmed"/> tells the ACK not to re-time the RTO.
    /// </summary>
    private int RackMarkLost(long nowMicros, ITcpOutput output, out bool timerArmed)
    {
        timerArmed = false;
        if (!_rackAdvanced) return 0;
        _rackAdvanced = false;
        var newlyLost = RackDetectLoss(nowMicros, out var timeoutUs);
        if (timeoutUs > 0)
        {
            ResetXmitTimer(XmitTimer.ReoTimeout, RoundUpToJiffy(timeoutUs + TimeoutMinUs), _rtoMicros, nowMicros, output);
            timerArmed = true;
        }
        return newlyLost;
    }

    /// <summary>
    /// Mirrors tcp_rack_reo_timeout (net/ipv4/tcp_recovery.c): the reordering window has passed; what is now deemed
    /// lost starts Recovery (with one PRR step) and is retransmitted; then the RTO, unless a retransmission of the
    /// head already re-armed it.
    /// </summary>
    private void RackReoTimeout(long nowMicros, ITcpOutput output)
    {
        if (_pending != XmitTimer.ReoTimeout) return;
        var priorInFlight = _rtx.InFlight;
        var lost = RackDetectLoss(nowMicros, out _);
        if (priorInFlight != _rtx.InFlight)
        {
            if (_caState != CongestionState.Recovery)
            {
                EnterRecovery();
                CwndReduction(1, lost, sndUnaAdvanced: false);
            }
            XmitRetransmitQueue(nowMicros, output);
        }
        if (_pending != XmitTimer.Retrans) RearmRto(nowMicros, output);
    }
}
