using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    // --- retransmission queue, congestion control and loss recovery (tcp_sock / inet_connection_sock) ---
    private readonly RetransmitQueue _rtx = new();
    private readonly CongestionWindow _cwnd = new();
    private ICongestionControl _cc = null!;   // icsk_ca_ops
    private CongestionState _caState;         // icsk_ca_state
    private SeqNum _highSeq;                  // high_seq: snd_nxt when recovery / loss began
    private int _prrDelivered;                // prr_delivered
    private int _prrOut;                      // prr_out
    private int _renoDupAcks;                 // sacked_out of a peer without SACK (tcp_add_reno_sack)
    private int _maxPacketsOut;               // max_packets_out
    private SeqNum _cwndUsageSeq;             // cwnd_usage_seq
    private bool _isCwndLimited;              // is_cwnd_limited
    private uint _lsndTimeJiffies;            // lsndtime

    /// <summary>The socket's congestion-control module (icsk_ca_ops).</summary>
    public ICongestionControl CongestionControl => _cc;

    /// <summary>icsk_ca_state.</summary>
    public CongestionState CongestionState => _caState;

    /// <summary>snd_ssthresh in segments (<see cref="CongestionWindow.InfiniteSsthresh"/> before the first loss).</summary>
    public int SndSsthresh => _cwnd.Ssthresh;

    /// <summary>sacked_out.</summary>
    public int SackedOut => _rtx.SackedOut;

    /// <summary>lost_out.</summary>
    public int LostOut => _rtx.LostOut;

    /// <summary>retrans_out.</summary>
    public int RetransOut => _rtx.RetransOut;

    /// <summary>tcp_packets_in_flight.</summary>
    public int PacketsInFlight => _rtx.InFlight;

    /// <summary>high_seq.</summary>
    public SeqNum HighSeq => _highSeq;

    /// <summary>tcp_assign_congestion_control: TCP_CONGESTION, else tcp_congestion_control.</summary>
    private void AssignCongestionControl() =>
        _cc = CongestionControls.ForSocket(_settings.Options.CongestionControl, _settings.Sysctls, _mib);

    /// <summary>tcp_set_ca_state.</summary>
    private void SetCaState(CongestionState state)
    {
        _cc.SetState(state);
        _caState = state;
    }

    /// <summary>
    /// Mirrors tcp_sacktag_write_queue (net/ipv4/tcp_input.c) for whole segments: a first block below the ACK or
    /// inside the second is a D-SACK (TCPDSACKRecv, RFC 2883) and tags nothing; every other block marks the segments
    /// it covers. Returns the segments newly SACKed. Segments a block covers only in part stay unmarked (the kernel
    /// fragments them). Each newly SACKed segment advances RACK (tcp_sacktag_one → tcp_rack_advance); the send
    /// times of the lowest and highest newly SACKed, never retransmitted segments give tcp_ack_update_rtt its
    /// sack_rtt_us and ca_rtt_us. A D-SACK goes through tcp_dsack_seen and the undo accounting; a newly SACKed
    /// segment never retransmitted sets FLAG_ORIG_SACK_ACKED (up to high_seq) and, below the highest SACK before
    /// this ACK, is reordering (tcp_check_sack_reordering). <paramref name="priorDelivered"/> takes the largest
    /// tx.delivered of the newly SACKed segments (tcp_rate_skb_delivered's rs->prior_delivered).
    /// </summary>
    private int SackTag(in TcpSegment segment, SeqNum ack, SeqNum priorSndUna, long nowMicros, ref AckFlag flags, ref long priorDelivered,
        out long firstSackSent, out long lastSackSent)
    {
        firstSackSent = lastSackSent = -1;
        SeqNum firstSeq = default, lastSeq = default;
        var options = segment.Options;
        var count = Math.Min(options.SackBlockCount, TcpSackBlocks.MaxBlocks);
        if (count == 0 || !_sackOk) return 0;
        var newly = 0;
        var priorFack = _rtx.SackedOut > 0 ? HighestSackSeq() : priorSndUna;
        var reord = _sndNxt;
        for (var i = 0; i < count; i++)
        {
            var block = options.SackBlocks[i];
            if (i == 0)
            {
                if (FirstBlockIsDsack(options, count, ack))
                {
                    _mib.Increment(MibCounter.TcpExtTCPDSACKRecv);
                    var dupSegments = DsackSeen(block.Start, block.End, ref flags);
                    if (dupSegments == 0) _mib.Increment(MibCounter.TcpExtTCPDSACKIgnoredDubious);
                    else DsackUndoAccounting(block.Start, block.End, dupSegments, priorSndUna);
                    continue;
                }
            }
            // tcp_is_sackblock_valid: within [snd_una, snd_nxt].
            if (block.Start >= block.End || block.Start < _sndUna || block.End > _sndNxt) continue;
            for (var k = 0; k < _rtx.Count; k++)
            {
                var start = _rtx.Start(k);
                if (start >= block.End) break;
                var end = _rtx.End(k);
                if (start < block.Start || end > block.End) continue;
                var marks = _rtx.MarksOf(k);
                var sent = _rtx.SentMicros(k);
                var txDelivered = _rtx.TxDelivered(k);
                if (!_rtx.MarkSacked(k)) continue;
                newly++;
                priorDelivered = Math.Max(priorDelivered, txDelivered);
                if (RackEnabled) RackAdvance(marks, end, sent, nowMicros);
                // first_sackt / last_sackt: the lowest and highest newly SACKed segment never retransmitted.
                if ((marks & (RetransmitQueue.Marks.Retrans | RetransmitQueue.Marks.EverRetrans)) != 0) continue;
                // "New sack for not retransmitted frame, which was in hole. It is reordering."
                if (start < priorFack && start < reord) reord = start;
                if (end <= _highSeq) flags |= AckFlag.OrigSackAcked;
                if (firstSackSent < 0 || start < firstSeq)
                {
                    firstSackSent = sent;
                    firstSeq = start;
                }
                if (lastSackSent < 0 || start > lastSeq)
                {
                    lastSackSent = sent;
                    lastSeq = start;
                }
            }
        }
        if (newly > 0)
        {
            flags |= AckFlag.DataSacked;
            _delivered += newly;
        }
        CheckSackReordering(reord, timestamps: false);
        return newly;
    }

    /// <summary>tcp_check_dsack: the first block lies below the ACK or inside the second (RFC 2883).</summary>
    private static bool FirstBlockIsDsack(in TcpOptions options, int count, SeqNum ack)
    {
        var block = options.SackBlocks[0];
        return block.Start < ack
            || (count > 1 && block.Start >= options.SackBlocks[1].Start && block.End <= options.SackBlocks[1].End);
    }

    /// <summary>The ACK carries a D-SACK block (FLAG_DSACKING_ACK).</summary>
    private bool SawDsack(in TcpSegment segment, SeqNum ack)
    {
        var options = segment.Options;
        var count = Math.Min(options.SackBlockCount, TcpSackBlocks.MaxBlocks);
        return count > 0 && _sackOk && FirstBlockIsDsack(options, count, ack);
    }

    /// <summary>
    /// RFC 6675 IsLost as tcp_update_scoreboard / tcp_mark_head_lost apply it with SACK: an un-SACKed segment with at
    /// least tp->reordering SACKed segments above it is lost; on entering recovery the head is lost in any case.
    /// Without SACK the head is lost after three duplicate ACKs. Returns the segments newly marked.
    /// </summary>
    private int UpdateScoreboard(bool fastRetransmit)
    {
        var reordering = Reordering;
        var newly = 0;
        if (!_sackOk)
        {
            if ((_renoDupAcks >= reordering || fastRetransmit) && _rtx.Count > 0 && _rtx.MarkLost(0, false, out _)) newly++;
            return newly;
        }
        var sackedAbove = 0;
        for (var i = _rtx.Count - 1; i >= 0; i--)
        {
            if (_rtx.Has(i, RetransmitQueue.Marks.Sacked))
            {
                sackedAbove++;
                continue;
            }
            if (sackedAbove >= reordering && _rtx.MarkLost(i, false, out _)) newly++;
        }
        if (fastRetransmit && _rtx.Count > 0 && _rtx.MarkLost(0, false, out _)) newly++;
        return newly;
    }

    /// <summary>
    /// Mirrors tcp_fastretrans_alert (net/ipv4/tcp_input.c): D. leaves CWR / Recovery once high_seq is acknowledged
    /// (tcp_try_undo_recovery, else tcp_end_cwnd_reduction); E. in Recovery, a partial ACK may be undone
    /// (tcp_try_undo_partial) and D-SACKs for every retransmission undo the reduction (tcp_try_undo_dsack); in Loss,
    /// tcp_process_loss (F-RTO and undo); otherwise D-SACK undo, then tcp_time_to_recover (lost_out, or — without
    /// RACK — sacked_out + 1 &gt; reordering) starts Recovery. Losses are marked by tcp_identify_packet_loss (RACK for
    /// a SACK connection with tcp_recovery's RACK bit) or by RFC 6675's scoreboard / NewReno's head (do_lost).
    /// <paramref name="reoTimerArmed"/>: RACK armed its reordering timer (the ACK then leaves the retransmit timer
    /// alone).
    /// </summary>
    private int FastRetransAlert(bool duplicateAck, AckFlag flags, SeqNum priorSndUna, long nowMicros, ITcpOutput output, out bool reoTimerArmed)
    {
        reoTimerArmed = false;
        var newlyLost = 0;
        var rack = RackEnabled;
        if (!_sackOk && duplicateAck && _rtx.Count > 0) _renoDupAcks++;
        var doLost = duplicateAck || (_sackOk && (flags & AckFlag.DataSacked) != 0 && ForceFastRetransmit());
        if (!_sackOk) doLost = duplicateAck;
        var fastRetransmit = false;
        // D. State exit conditions.
        if (_caState == CongestionState.Open)
        {
            _retransStamp = 0;
        }
        else if (_sndUna >= _highSeq)
        {
            switch (_caState)
            {
                case CongestionState.Cwr:
                    // CWR is held until something above high_seq is acknowledged, for the CWR bit to arrive.
                    if (_sndUna != _highSeq)
                    {
                        EndCwndReduction();
                        SetCaState(CongestionState.Open);
                    }
                    break;
                case CongestionState.Recovery:
                    if (!_sackOk) _renoDupAcks = 0;
                    if (TryUndoRecovery()) return newlyLost;
                    EndCwndReduction();
                    break;
            }
        }
        // E. Process the state.
        switch (_caState)
        {
            case CongestionState.Recovery:
                if ((flags & AckFlag.SndUnaAdvanced) != 0 && TryUndoPartial(priorSndUna, ref doLost)) return newlyLost;
                if (TryUndoDsack()) TryToOpen();
                newlyLost += IdentifyPacketLoss(nowMicros, output, ref flags, ref reoTimerArmed);
                if (_caState != CongestionState.Recovery)
                {
                    if (!TimeToRecover()) return newlyLost;
                    // Undo reverted the recovery; the loss is evident, so a new one starts.
                    EnterRecovery();
                }
                break;
            case CongestionState.Loss:
                ProcessLoss(flags, duplicateAck);
                newlyLost += IdentifyPacketLoss(nowMicros, output, ref flags, ref reoTimerArmed);
                // "Change state if cwnd is undone or retransmits are lost."
                if (_caState != CongestionState.Open && (flags & AckFlag.LostRetrans) == 0) return newlyLost;
                goto default;
            default:
                if (_caState <= CongestionState.Disorder) TryUndoDsack();
                newlyLost += IdentifyPacketLoss(nowMicros, output, ref flags, ref reoTimerArmed);
                if (!TimeToRecover())
                {
                    TryToOpen();
                    return newlyLost;
                }
                EnterRecovery();
                fastRetransmit = true;
                break;
        }
        if (!rack && doLost) newlyLost += UpdateScoreboard(fastRetransmit);
        return newlyLost;
    }

    /// <summary>
    /// Mirrors tcp_identify_packet_loss for a SACK connection with RACK (tcp_rack_mark_lost): a retransmission RACK
    /// finds lost again sets FLAG_LOST_RETRANS; an armed reordering timer leaves the RTO alone. Without RACK the
    /// scoreboard (do_lost) marks losses instead.
    /// </summary>
    private int IdentifyPacketLoss(long nowMicros, ITcpOutput output, ref AckFlag flags, ref bool reoTimerArmed)
    {
        if (_rtx.Count == 0 || !RackEnabled) return 0;
        var priorRetrans = _rtx.RetransOut;
        var lost = RackMarkLost(nowMicros, output, out var armed);
        reoTimerArmed |= armed;
        if (priorRetrans > _rtx.RetransOut) flags |= AckFlag.LostRetrans;
        return lost;
    }

    /// <summary>tcp_time_to_recover: the loss is proven (lost_out), or — without RACK — the DUPACK heuristic passes reordering.</summary>
    private bool TimeToRecover()
    {
        if (_rtx.LostOut > 0) return true;
        if (RackEnabled) return false;
        var sacked = _sackOk ? _rtx.SackedOut : _renoDupAcks;
        return sacked + 1 > Reordering;
    }

    /// <summary>
    /// Mirrors tcp_enter_recovery: retrans_stamp restarts when no retransmission is outstanding, the undo point
    /// (tcp_init_undo) and, unless a reduction is already under way, the
    /// ssthresh undo would restore (prior_ssthresh) and tcp_init_cwnd_reduction (ssthresh from the module, PRR from zero).
    /// </summary>
    private void EnterRecovery()
    {
        // "Start the clock with our fast retransmit, for undo and ETIMEDOUT" (tcp_retrans_stamp_cleanup).
        if (!AnyRetransDone) _retransStamp = 0;
        _mib.Increment(_sackOk ? MibCounter.TcpExtTCPSackRecovery : MibCounter.TcpExtTCPRenoRecovery);
        _priorSsthresh = 0;
        InitUndo();
        if (!InCwndReduction)
        {
            _priorSsthresh = CurrentSsthresh();
            InitCwndReduction();
        }
        SetCaState(CongestionState.Recovery);
    }

    /// <summary>
    /// Mirrors tcp_cwnd_reduction: Proportional Rate Reduction (RFC 6937) towards ssthresh while more than ssthresh
    /// is in flight, slow-start-like reduction bound otherwise.
    /// </summary>
    private void CwndReduction(int newlyAckedSacked, int newlyLost, bool sndUnaAdvanced)
    {
        if (newlyAckedSacked <= 0 && newlyLost == 0) return;
        var inFlight = _rtx.InFlight;
        var delta = _cwnd.Ssthresh - inFlight;
        _prrDelivered += newlyAckedSacked;
        int sndcnt;
        if (delta < 0)
        {
            var dividend = (long)_cwnd.Ssthresh * _prrDelivered + _cwnd.PriorCwnd - 1;
            sndcnt = (int)(dividend / Math.Max(_cwnd.PriorCwnd, 1)) - _prrOut;
        }
        else
        {
            sndcnt = Math.Max(_prrDelivered - _prrOut, newlyAckedSacked);
            if (sndUnaAdvanced && newlyLost == 0) sndcnt++;
            sndcnt = Math.Min(delta, sndcnt);
        }
        // Force a fast retransmit on recovery entry even when sndcnt is 0.
        sndcnt = Math.Max(sndcnt, _prrOut != 0 ? 0 : 1);
        _cwnd.Cwnd = inFlight + sndcnt;
    }

    /// <summary>Mirrors tcp_end_cwnd_reduction: cwnd = ssthresh, then CA_EVENT_COMPLETE_CWR.</summary>
    private void EndCwndReduction()
    {
        if (_cwnd.Ssthresh < CongestionWindow.InfiniteSsthresh) _cwnd.Cwnd = _cwnd.Ssthresh;
        _cc.CwndEvent(CongestionEvent.CompleteCwr, 0, 0);
    }

    /// <summary>
    /// Mirrors tcp_enter_loss with tcp_timeout_mark_lost: every un-SACKed segment is lost — with RACK, the head and
    /// those sent longer than RACK's RTT ago (recently sent ones are given their chance) — ssthresh comes from the module unless this window already reduced it, cwnd = in flight + 1
    /// (one segment), state Loss until snd_nxt is acknowledged. A new reduction records what undo restores
    /// (prior_ssthresh, tcp_init_undo); F-RTO (tcp_frto, RFC 5682 §3.1 step 1) starts unless a recovery other than
    /// a recurring timeout on the same snd_una is under way.
    /// </summary>
    private void EnterLoss(long nowMicros)
    {
        var newRecovery = _caState < CongestionState.Recovery;
        var reneging = _rtx.Count > 0 && _rtx.Has(0, RetransmitQueue.Marks.Sacked);
        if (reneging)
        {
            // SACK reneging: the receiver dropped what it had SACKed.
            _rtx.ClearSacks();
        }
        var rack = RackEnabled && !reneging;
        for (var i = 0; i < _rtx.Count; i++)
        {
            // tcp_rack_skb_timeout(skb, 0) > 0: not yet overdue by RACK's clock.
            if (rack && i > 0 && _rackRttUs - (nowMicros - _rtx.SentMicros(i)) > 0) continue;
            _rtx.MarkLost(i, retransmissionToo: true, out var lostRetransmission);
            if (lostRetransmission) _mib.Increment(MibCounter.TcpExtTCPLostRetransmit);
        }
        if (_caState <= CongestionState.Disorder || _highSeq <= _sndUna || (_caState == CongestionState.Loss && _retransmits == 0))
        {
            _priorSsthresh = CurrentSsthresh();
            _cwnd.PriorCwnd = _cwnd.Cwnd;
            _cwnd.Ssthresh = _cc.Ssthresh(_cwnd);
            _cc.CwndEvent(CongestionEvent.Loss, 0, 0);
            InitUndo();
        }
        _cwnd.Cwnd = _rtx.InFlight + 1;
        _cwnd.CwndCount = 0;
        // A timeout in Disorder after many DUPACKs: the reordering degree was over-estimated.
        var sysctlReordering = _settings.Sysctls.TcpReordering;
        if (_caState <= CongestionState.Disorder && _rtx.SackedOut >= sysctlReordering)
            _reordering = Math.Min(Reordering, sysctlReordering);
        SetCaState(CongestionState.Loss);
        _highSeq = _sndNxt;
        _tlpHighSeqSet = false;
        _renoDupAcks = 0;
        _frto = _settings.Sysctls.TcpFrto != 0 && (newRecovery || _retransmits != 0);
    }

    /// <summary>
    /// Mirrors tcp_cong_control: PRR while in Recovery; otherwise .cong_avoid for in-order progress (tcp_may_raise_cwnd)
    /// when the flow is cwnd-limited (tcp_is_cwnd_limited).
    /// </summary>
    private void CongestionControlOnAck(int ackedPackets, int newlySacked, int newlyLost, bool sndUnaAdvanced, long nowMicros)
    {
        var deliveredPackets = ackedPackets + newlySacked;
        if (_caState is CongestionState.Recovery or CongestionState.Cwr)
        {
            CwndReduction(deliveredPackets, newlyLost, sndUnaAdvanced);
            return;
        }
        if (ackedPackets <= 0) return;
        _cwnd.IsCwndLimited = _cwnd.InSlowStart ? _cwnd.Cwnd < 2 * _maxPacketsOut : _isCwndLimited;
        _cc.CongestionAvoid(_cwnd, deliveredPackets, Jiffies.FromMicros32(nowMicros));
    }

    /// <summary>Mirrors tcp_cwnd_validate's tracking of how fully the window is used.</summary>
    private void CwndValidate(bool cwndLimited)
    {
        if (_sndUna >= _cwndUsageSeq || cwndLimited || (!_isCwndLimited && _rtx.Count > _maxPacketsOut))
        {
            _isCwndLimited = cwndLimited;
            _maxPacketsOut = _rtx.Count;
            _cwndUsageSeq = _sndNxt;
        }
    }

    /// <summary>
    /// Mirrors tcp_xmit_retransmit_queue: lost, not yet retransmitted segments go again, oldest first, while the
    /// congestion window has room (TCPFastRetrans in Recovery, TCPSlowStartRetrans in Loss).
    /// </summary>
    private void XmitRetransmitQueue(long nowMicros, ITcpOutput output)
    {
        if (_rtx.LostOut == 0) return;
        var rearm = false;
        for (var i = 0; i < _rtx.Count; i++)
        {
            if (_rtx.InFlight >= _cwnd.Cwnd) break;
            if (!AwaitsRetransmission(i)) continue;
            // tcp_retransmit_skb(sk, skb, cwnd - in_flight): the lost rest of this segment's original GSO packet goes
            // with it, as far as cwnd allows, and __tcp_transmit_skb puts PSH on the last of a piece of several.
            var room = _cwnd.Cwnd - _rtx.InFlight;
            var last = i;
            while (last - i + 1 < room && (_rtx.MarksOf(last) & RetransmitQueue.Marks.GsoEnd) == 0
                   && last + 1 < _rtx.Count && AwaitsRetransmission(last + 1))
                last++;
            var stopped = false;
            for (var j = i; j <= last; j++)
            {
                if (!RetransmitSegment(j, nowMicros, output, gsoPush: j == last && last > i))
                {
                    stopped = true;
                    break;
                }
                _mib.Increment(_caState == CongestionState.Loss ? MibCounter.TcpExtTCPSlowStartRetrans : MibCounter.TcpExtTCPFastRetrans);
                // The head went again: its RTO restarts (unless the reordering timer is in charge).
                if (j == 0 && _pending != XmitTimer.ReoTimeout) rearm = true;
            }
            if (stopped) break;
            i = last;
        }
        if (rearm) RearmRto(nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_retransmit_skb: sends rtx entry <paramref name="index"/> again with its original flags (cut to the
    /// current MSS, tcp_fragment), unless it starts beyond the peer's window (other than at snd_una). Counts
    /// RetransSegs and total_retrans; retrans_stamp remembers the first retransmitted segment's send time.
    /// </summary>
    private bool AwaitsRetransmission(int index)
    {
        var marks = _rtx.MarksOf(index);
        return (marks & RetransmitQueue.Marks.Lost) != 0 && (marks & (RetransmitQueue.Marks.Retrans | RetransmitQueue.Marks.Sacked)) == 0;
    }

    private bool RetransmitSegment(int index, long nowMicros, ITcpOutput output, bool gsoPush = false)
    {
        var start = _rtx.Start(index);
        if (start >= WindowEnd && start != _sndUna) return false;
        // retrans_stamp: the original send time of the first retransmitted segment.
        if (_retransStamp == 0)
        {
            _retransStamp = Math.Max(NowMs(_rtx.SentMicros(index)), 1u);
            _retransXmitMs = NowMs(nowMicros);
        }
        TransmitFromRtx(index, nowMicros, output, gsoPush);
        _rtx.NoteRetransmitted(index, XmitStamp(nowMicros), _delivered);
        CountUndoRetrans();
        if (_caState is CongestionState.Recovery or CongestionState.Cwr) _prrOut++;
        _totalRetrans++;
        _mib.Increment(MibCounter.TcpRetransSegs);
        return true;
    }

    /// <summary>
    /// The transmission of __tcp_retransmit_skb: rtx entry <paramref name="index"/> again with its original flags,
    /// cut to the current MSS (tcp_fragment), unless it starts beyond the peer's window (other than at snd_una).
    /// </summary>
    private bool TransmitFromRtx(int index, long nowMicros, ITcpOutput output, bool gsoPush = false)
    {
        var start = _rtx.Start(index);
        if (start >= WindowEnd && start != _sndUna) return false;
        var marks = _rtx.MarksOf(index);
        var fin = (marks & RetransmitQueue.Marks.Fin) != 0;
        var dataLength = _rtx.End(index) - start - (fin ? 1 : 0);
        if (dataLength > _mssCache)
        {
            _rtx.Split(index, _mssCache);
            marks = _rtx.MarksOf(index);
            fin = false;
            dataLength = _mssCache;
        }
        Span<byte> buffer = stackalloc byte[Math.Min(Math.Max(_mssCache, 1), 65535)];
        var payload = buffer[.._sendQueue.Peek(start - _sndUna, buffer[..dataLength])];
        var flags = TcpFlags.Ack;
        if (fin) flags |= TcpFlags.Fin;
        if ((marks & RetransmitQueue.Marks.Psh) != 0 || gsoPush) flags |= TcpFlags.Psh;
        var segment = Header(flags, start, nowMicros);
        output.Transmit(segment, payload);
        EventAckSent(output);
        return true;
    }
}
