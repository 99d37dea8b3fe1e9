using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    // --- undo of spurious recoveries, F-RTO and reordering (struct tcp_sock) ---
    private bool _undoMarkerSet;   // undo_marker != 0
    private SeqNum _undoMarker;    // undo_marker: snd_una when the recovery episode began
    private int _undoRetrans;      // undo_retrans: retransmissions not yet D-SACKed (-1: none were sent)
    private int _priorSsthresh;    // prior_ssthresh: what undo restores (0: undo must not raise ssthresh)
    private bool _frto;            // frto: F-RTO (RFC 5682) is running for this timeout
    private bool _rexmitNew;       // REXMIT_NEW: F-RTO step 2.b wants new data sent rather than retransmissions
    private long _delivered;       // delivered: segments (S)ACKed or D-SACKed so far
    private int _dsackDups;        // dsack_dups
    private int _reordering;       // reordering (0: still the sysctl's tcp_reordering)
    private int _reordSeen;        // reord_seen
    private bool _ackSawTimestamp; // rx_opt.saw_tstamp of the ACK being processed
    private uint _ackTsEcr;        // rx_opt.rcv_tsecr of the ACK being processed
    private uint _retransXmitMs;   // when the first retransmission of retrans_stamp's episode went (tcp_packet_delayed)
    private long _lastXmitStamp = long.MinValue; // the send time last recorded in the rtx queue (skb_mstamp)
    private bool _inputSinceXmit;  // a segment arrived since that transmission

    /// <summary>TCP_RACK_RECOVERY_THRESH: recoveries a grown reordering window persists for.</summary>
    private const int RackRecoveryThreshold = 16;

    /// <summary>tcp_max_reordering's default (300).</summary>
    private const int MaxReordering = 300;

    /// <summary>tp-&gt;reordering: the reordering degree in segments, starting at tcp_reordering and grown by what SACKs show.</summary>
    public int Reordering => _reordering == 0 ? _settings.Sysctls.TcpReordering : _reordering;

    /// <summary>tp-&gt;reord_seen: reordering events seen.</summary>
    public int ReorderingSeen => _reordSeen;

    /// <summary>undo_marker, or null when there is nothing to undo.</summary>
    public SeqNum? UndoMarker => _undoMarkerSet ? _undoMarker : null;

    /// <summary>undo_retrans.</summary>
    public int UndoRetrans => _undoRetrans;

    /// <summary>prior_ssthresh.</summary>
    public int PriorSsthresh => _priorSsthresh;

    /// <summary>tp-&gt;frto.</summary>
    public bool FrtoActive => _frto;

    /// <summary>tp-&gt;delivered.</summary>
    public long Delivered => _delivered;

    /// <summary>What a flag of tcp_ack's <c>flag</c> word says about the ACK being processed.</summary>
    [Flags]
    private enum AckFlag
    {
        None = 0,
        DataSacked = 1,        // FLAG_DATA_SACKED
        SndUnaAdvanced = 2,    // FLAG_SND_UNA_ADVANCED
        OrigSackAcked = 4,     // FLAG_ORIG_SACK_ACKED: never-retransmitted data up to high_seq (S)ACKed
        DsackingAck = 8,       // FLAG_DSACKING_ACK
        LostRetrans = 16,      // FLAG_LOST_RETRANS
        DsackTlp = 32,         // FLAG_DSACK_TLP
    }

    /// <summary>Mirrors tcp_init_undo: the episode's undo point, and the retransmissions in flight that D-SACKs may still clear.</summary>
    private void InitUndo()
    {
        _undoMarkerSet = true;
        _undoMarker = _sndUna;
        _undoRetrans = _rtx.RetransOut;
        if (_tlpHighSeqSet && _tlpRetrans) _undoRetrans++;
        // 0 would mean "can undo now".
        if (_undoRetrans == 0) _undoRetrans = -1;
    }

    /// <summary>tcp_retransmit_skb's count of the episode's retransmissions (undo_retrans).</summary>
    private void CountUndoRetrans()
    {
        if (_undoRetrans < 0) _undoRetrans = 0;
        _undoRetrans++;
    }

    /// <summary>tcp_in_cwnd_reduction.</summary>
    private bool InCwndReduction => _caState is CongestionState.Cwr or CongestionState.Recovery;

    /// <summary>tcp_any_retrans_done: a retransmission is out, or the head was ever retransmitted.</summary>
    private bool AnyRetransDone => _rtx.RetransOut > 0 || (_rtx.Count > 0 && _rtx.Has(0, RetransmitQueue.Marks.EverRetrans));

    /// <summary>
    /// Mirrors tcp_packet_delayed: the ACK echoes a timestamp older than the episode's first retransmission, so an
    /// original, not a retransmission, was delivered; with no retransmission yet, the data was merely delayed.
    /// </summary>
    private bool PacketDelayed()
    {
        if (_retransStamp != 0)
            return _ackSawTimestamp && _ackTsEcr != 0 && unchecked((int)(_ackTsEcr - _tsOffset - _retransXmitMs)) < 0;
        if (!_sackOk && _sndUna >= _highSeq) return false;
        return _state != TcpState.SynSent;
    }

    /// <summary>tcp_may_undo.</summary>
    private bool MayUndo() => _undoMarkerSet && (_undoRetrans == 0 || PacketDelayed());

    /// <summary>
    /// Mirrors tcp_undo_cwnd_reduction: the congestion module's undo_cwnd and the prior ssthresh come back; with
    /// <paramref name="unmarkLoss"/> no segment stays marked lost. RACK re-examines losses on the next ACK.
    /// </summary>
    private void UndoCwndReduction(bool unmarkLoss)
    {
        if (unmarkLoss) _rtx.ClearLost();
        if (_priorSsthresh != 0)
        {
            _cwnd.Cwnd = _cc.UndoCwnd(_cwnd);
            if (_priorSsthresh > _cwnd.Ssthresh) _cwnd.Ssthresh = _priorSsthresh;
        }
        _undoMarkerSet = false;
        _rackAdvanced = true;
    }

    /// <summary>
    /// Mirrors tcp_is_non_sack_preventing_reopen: a Reno sender holds its state until something above high_seq is
    /// acknowledged (RFC 6582), to avoid false fast retransmits.
    /// </summary>
    private bool NonSackPreventingReopen()
    {
        if (_sndUna != _highSeq || _sackOk) return false;
        if (!AnyRetransDone) _retransStamp = 0;
        return true;
    }

    /// <summary>
    /// Mirrors tcp_try_undo_recovery: at the end of an episode, undo it when nothing was retransmitted or the
    /// originals arrived (TCPFullUndo, TCPLossUndo from Loss); then Open. Returns true when a Reno sender holds on.
    /// </summary>
    private bool TryUndoRecovery()
    {
        if (MayUndo())
        {
            UndoCwndReduction(unmarkLoss: false);
            _mib.Increment(_caState == CongestionState.Loss ? MibCounter.TcpExtTCPLossUndo : MibCounter.TcpExtTCPFullUndo);
        }
        else if (_rackReoWndPersist > 0)
        {
            _rackReoWndPersist--;
        }
        if (NonSackPreventingReopen()) return true;
        SetCaState(CongestionState.Open);
        return false;
    }

    /// <summary>Mirrors tcp_try_undo_dsack: every retransmission of the episode was D-SACKed, so none was needed (TCPDSACKUndo).</summary>
    private bool TryUndoDsack()
    {
        if (!_undoMarkerSet || _undoRetrans != 0) return false;
        _rackReoWndPersist = Math.Min(RackRecoveryThreshold, _rackReoWndPersist + 1);
        UndoCwndReduction(unmarkLoss: false);
        _mib.Increment(MibCounter.TcpExtTCPDSACKUndo);
        return true;
    }

    /// <summary>
    /// Mirrors tcp_try_undo_loss: a timeout was spurious — F-RTO proved it (<paramref name="frtoUndo"/>,
    /// TCPSpuriousRTOs) or tcp_may_undo holds — so the losses are unmarked, cwnd and ssthresh restored (TCPLossUndo).
    /// </summary>
    private bool TryUndoLoss(bool frtoUndo)
    {
        if (!frtoUndo && !MayUndo()) return false;
        UndoCwndReduction(unmarkLoss: true);
        _mib.Increment(MibCounter.TcpExtTCPLossUndo);
        if (frtoUndo) _mib.Increment(MibCounter.TcpExtTCPSpuriousRTOs);
        _retransmits = 0;
        if (NonSackPreventingReopen()) return true;
        if (frtoUndo || _sackOk) SetCaState(CongestionState.Open);
        return true;
    }

    /// <summary>
    /// Mirrors tcp_try_undo_partial: a partial ACK in Recovery that echoes a timestamp from before the first
    /// retransmission filled the hole with a delayed original — reordering (TCPTSReorder). With no retransmission
    /// out the reduction is undone (TCPPartialUndo); otherwise the ACK only clocks out new data (returns true).
    /// Without such evidence the partial ACK forces a fast retransmit (<paramref name="doLost"/>).
    /// </summary>
    private bool TryUndoPartial(SeqNum priorSndUna, ref bool doLost)
    {
        if (_undoMarkerSet && PacketDelayed())
        {
            CheckSackReordering(priorSndUna, timestamps: true);
            if (_rtx.RetransOut > 0) return true;
            if (!AnyRetransDone) _retransStamp = 0;
            UndoCwndReduction(unmarkLoss: true);
            _mib.Increment(MibCounter.TcpExtTCPPartialUndo);
            TryKeepOpen();
        }
        else
        {
            doLost = ForceFastRetransmit();
        }
        return false;
    }

    /// <summary>tcp_force_fast_retransmit: SACKs reach more than tp-&gt;reordering segments beyond snd_una.</summary>
    private bool ForceFastRetransmit() => HighestSackSeq() > _sndUna + Reordering * _mssCache;

    /// <summary>Mirrors tcp_try_to_open: no retransmission outstanding clears retrans_stamp; then tcp_try_keep_open.</summary>
    private void TryToOpen()
    {
        if (!AnyRetransDone) _retransStamp = 0;
        if (_caState != CongestionState.Cwr) TryKeepOpen();
    }

    /// <summary>
    /// Mirrors tcp_process_loss (net/ipv4/tcp_input.c) with F-RTO (RFC 5682 §3.1, SACK-enhanced): an ACK in Loss may
    /// prove the timeout spurious (never-retransmitted data (S)ACKed: undo), make F-RTO send new data instead of
    /// retransmitting (step 2.b), show that the loss was real (step 3.a), or end the episode at high_seq.
    /// </summary>
    private void ProcessLoss(AckFlag flags, bool duplicateAck)
    {
        var recovered = _sndUna >= _highSeq;
        if ((flags & AckFlag.SndUnaAdvanced) != 0 && TryUndoLoss(frtoUndo: false)) return;
        if (_frto)
        {
            // Step 3.b: a timeout is spurious if not all data were lost, i.e. never-retransmitted data are (S)ACKed.
            if ((flags & AckFlag.OrigSackAcked) != 0 && TryUndoLoss(frtoUndo: true)) return;
            if (_sndNxt > _highSeq)
            {
                // Step 3.a: the loss was real.
                if ((flags & AckFlag.DataSacked) != 0 || duplicateAck) _frto = false;
            }
            else if ((flags & AckFlag.SndUnaAdvanced) != 0 && !recovered)
            {
                _highSeq = _sndNxt;
                // Step 2.b: try new data (sent once tcp_ack has updated cwnd); else conventional recovery.
                if (HasUnsent && WindowEnd > _sndNxt)
                {
                    _rexmitNew = true;
                    return;
                }
                _frto = false;
            }
        }
        if (recovered)
        {
            // Step 2.a and the first part of 3.a.
            TryUndoRecovery();
            return;
        }
        // A Reno DUPACK after F-RTO's new data counts (done for every duplicate above); progress resets the count.
        if (!_sackOk && !(_sndNxt > _highSeq && duplicateAck) && (flags & AckFlag.SndUnaAdvanced) != 0) _renoDupAcks = 0;
    }

    /// <summary>tcp_highest_sack_seq: the end of the highest SACKed segment, snd_una when none is.</summary>
    private SeqNum HighestSackSeq()
    {
        if (_rtx.SackedOut == 0) return _sndUna;
        for (var i = _rtx.Count - 1; i >= 0; i--)
            if (_rtx.Has(i, RetransmitQueue.Marks.Sacked)) return _rtx.End(i);
        return _sndUna;
    }

    /// <summary>
    /// Mirrors tcp_check_sack_reordering: data below the highest SACK was delivered late, so the path reorders;
    /// tp-&gt;reordering grows to the distance (at most tcp_max_reordering) and reord_seen counts the event
    /// (TCPSACKReorder, or TCPTSReorder when timestamps showed it).
    /// </summary>
    private void CheckSackReordering(SeqNum lowSeq, bool timestamps)
    {
        var fack = HighestSackSeq();
        if (lowSeq >= fack) return;
        var metric = fack - lowSeq;
        var mss = _mssCache;
        if (mss > 0 && metric > (long)Reordering * mss) _reordering = Math.Min((metric + mss - 1) / mss, MaxReordering);
        _reordSeen++;
        _mib.Increment(timestamps ? MibCounter.TcpExtTCPTSReorder : MibCounter.TcpExtTCPSACKReorder);
    }

    /// <summary>
    /// Mirrors tcp_dsack_seen (called by tcp_check_dsack): the duplicate segments a D-SACK block reports, 0 when it
    /// is dubious (empty, wider than the largest window, or more duplicates than were ever retransmitted). A D-SACK
    /// after reordering was seen, not answering a loss probe, asks RACK to widen its window.
    /// </summary>
    private int DsackSeen(SeqNum start, SeqNum end, ref AckFlag flags)
    {
        if (start >= end) return 0;
        var length = end - start;
        if ((ulong)length > _maxWindow) return 0;
        var dupSegments = 1;
        if (length > _mssCache) dupSegments = (length + _mssCache - 1) / Math.Max(_mssCache, 1);
        else if (_tlpHighSeqSet && _tlpHighSeq == end) flags |= AckFlag.DsackTlp;
        _dsackDups += dupSegments;
        if (_dsackDups > _totalRetrans) return 0;
        if (_reordSeen > 0 && (flags & AckFlag.DsackTlp) == 0) _rackDsackSeen = true;
        flags |= AckFlag.DsackingAck;
        // A spurious retransmission is delivered.
        _delivered += dupSegments;
        return dupSegments;
    }

    /// <summary>
    /// The undo accounting of a D-SACK block (tcp_check_dsack for data already acknowledged, tcp_sacktag_one for
    /// retransmitted segments still queued): each D-SACKed retransmission of this episode leaves undo_retrans.
    /// </summary>
    private void DsackUndoAccounting(SeqNum start, SeqNum end, int dupSegments, SeqNum priorSndUna)
    {
        if (!_undoMarkerSet || _undoRetrans <= 0) return;
        if (end <= priorSndUna)
        {
            if (end > _undoMarker) _undoRetrans = Math.Max(0, _undoRetrans - dupSegments);
            return;
        }
        for (var k = 0; k < _rtx.Count && _undoRetrans > 0; k++)
        {
            var segStart = _rtx.Start(k);
            if (segStart >= end) break;
            var segEnd = _rtx.End(k);
            if (segStart < start || segEnd > end) continue;
            if ((_rtx.MarksOf(k) & (RetransmitQueue.Marks.Retrans | RetransmitQueue.Marks.EverRetrans)) == 0) continue;
            if (segEnd > _undoMarker) _undoRetrans--;
        }
    }

    /// <summary>
    /// The scoreboard part of tcp_clean_rtx_queue for the segments <paramref name="ack"/> covers, before they leave:
    /// a never-retransmitted, not SACKed one up to high_seq sets FLAG_ORIG_SACK_ACKED, the lowest such start is
    /// returned (reordering if it lies below the highest SACK), and the largest tx.delivered among those not SACKed
    /// before is the rate sample's prior_delivered.
    /// </summary>
    private SeqNum NoteCumulativelyAcked(SeqNum ack, ref AckFlag flags, ref long priorDelivered)
    {
        var reord = _sndNxt;
        for (var i = 0; i < _rtx.Count && _rtx.End(i) <= ack; i++)
        {
            var marks = _rtx.MarksOf(i);
            if ((marks & RetransmitQueue.Marks.Sacked) != 0) continue;
            priorDelivered = Math.Max(priorDelivered, _rtx.TxDelivered(i));
            if ((marks & (RetransmitQueue.Marks.Retrans | RetransmitQueue.Marks.EverRetrans)) != 0) continue;
            if (_rtx.Start(i) < reord) reord = _rtx.Start(i);
            if (_rtx.End(i) <= _highSeq) flags |= AckFlag.OrigSackAcked;
        }
        return reord;
    }

    /// <summary>
    /// The send time recorded for a transmission (skb_mstamp), for RACK's "sent after" order and RTT samples. A
    /// transmission that an arriving segment triggered happened after every earlier one: on Linux the ACK's
    /// tcp_mstamp_refresh gives it a later microsecond. In virtual time over a wire without delay the ACK arrives in
    /// the same microsecond, and tcp_skb_sent_after's tie-break by sequence would then put a retransmission before
    /// the higher segments of the burst that preceded it, so RACK would declare it lost again on every SACK of that
    /// burst. Such a transmission is stamped one microsecond after the last one; a burst shares its stamp.
    /// </summary>
    private long XmitStamp(long nowMicros)
    {
        var stamp = nowMicros;
        if (_lastXmitStamp != long.MinValue && stamp <= _lastXmitStamp)
            stamp = _inputSinceXmit ? _lastXmitStamp + 1 : _lastXmitStamp;
        _lastXmitStamp = stamp;
        _inputSinceXmit = false;
        return stamp;
    }
}
