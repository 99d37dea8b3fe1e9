using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>What tcp_ack concluded (its return value: &gt; 0 acceptable, 0 old, &lt; 0 to be discarded).</summary>
    private enum AckVerdict
    {
        Accepted,
        Old,
        TooOld,
        Unsent,
    }

    /// <summary>
    /// One segment for this socket, with its payload. Mirrors tcp_v4_do_rcv's dispatch: tcp_rcv_state_process for
    /// every state but ESTABLISHED, the slow path of tcp_rcv_established for ESTABLISHED (this core has no header
    /// prediction; the slow path gives the same result). A non-zero verdict of tcp_rcv_state_process makes
    /// tcp_v4_do_rcv answer with tcp_v4_send_reset, which this method does itself.
    /// </summary>
    public void OnSegment(in TcpSegment segment, ReadOnlySpan<byte> payload, long nowMicros, ITcpOutput output)
    {
        _inputSinceXmit = true;
        switch (_state)
        {
            case TcpState.Close:
                return;
            case TcpState.SynSent:
                if (SynSentStateProcess(segment, nowMicros, output))
                    SendStatelessReset(segment, output);
                return;
            case TcpState.Established:
                RcvEstablished(segment, payload, nowMicros, output);
                return;
            default:
                if (RcvStateProcess(segment, payload, nowMicros, output))
                    SendStatelessReset(segment, output);
                return;
        }
    }

    /// <summary>The slow path of tcp_rcv_established (net/ipv4/tcp_input.c).</summary>
    private void RcvEstablished(in TcpSegment segment, ReadOnlySpan<byte> payload, long nowMicros, ITcpOutput output)
    {
        if (!segment.IsAck && !segment.IsRst && !segment.IsSyn) return;
        if (!ValidateIncoming(segment, nowMicros, output, synInErr: true)) return;
        if (Ack(segment, nowMicros, output, noChallengeAck: false) is AckVerdict.TooOld or AckVerdict.Unsent) return;
        DataQueue(segment, payload, nowMicros, output);
        DataSendCheck(nowMicros, output);
        AckSendCheck(nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_rcv_state_process (net/ipv4/tcp_input.c) for SYN_RECV and the states after ESTABLISHED.
    /// Returns true when the caller must answer with a stateless RST (an unacceptable ACK in SYN_RECV).
    /// </summary>
    private bool RcvStateProcess(in TcpSegment segment, ReadOnlySpan<byte> payload, long nowMicros, ITcpOutput output)
    {
        if (_fastOpenRequest is not null && !FastOpenCheckRequest(segment, nowMicros, output)) return false;
        if (!segment.IsAck && !segment.IsRst && !segment.IsSyn) return false;
        if (!ValidateIncoming(segment, nowMicros, output, synInErr: false)) return false;

        // step 5: check the ACK field
        var verdict = Ack(segment, nowMicros, output, noChallengeAck: true);
        if (verdict != AckVerdict.Accepted)
        {
            if (_state == TcpState.SynRecv) return true;
            if (verdict is AckVerdict.TooOld or AckVerdict.Unsent)
            {
                // accept old ack during closing
                SendChallengeAck(nowMicros, output);
                return false;
            }
        }

        if (_state == TcpState.SynRecv)
        {
            // tcp_rcv_state_process: "SYN-ACK delivery isn't tracked in tcp_ack".
            _delivered++;
            if (_tstampOk) _advMss -= TimestampAligned;
            if (_fastOpenRequest is not null)
            {
                // A Fast Open child did tcp_init_transfer at birth and may hold unread SYN data.
                FastOpenHandshakeDone(segment, nowMicros, output);
            }
            else
            {
                _retransStamp = 0;
                _retransmits = 0;
                if (_synAckPending)
                {
                    // Crossed SYNs: our SYN-ACK is acknowledged, its retransmission timer goes.
                    _synAckPending = false;
                    _packetsOut = 0;
                    output.CancelTimer(TcpTimer.Retransmit);
                }
                InitTransfer();
                _copiedSeq = _rcvNxt;
            }
            SetState(TcpState.Established);
            _sndUna = segment.Ack;
            // tcp_rcv_state_process shifts even a SYN-ACK's window here (crossed SYNs); for a passive child the
            // segment is the third ACK, whose window is scaled.
            _sndWnd = (uint)segment.Window << _sndWscale;
            _sndWl1 = segment.Seq;
            UpdatePacingRate();
            InitializeRcvMss();
            StartKeepaliveIfSet(nowMicros, output);
            output.Notify(TcpSocketEvent.Established);
        }

        // A Fast Open child closed before its SYN-ACK was acknowledged finishes the handshake in FIN_WAIT1.
        if (_state == TcpState.FinWait1 && _fastOpenRequest is not null) FastOpenHandshakeDone(segment, nowMicros, output);

        if (ClosingStateProcess(segment, nowMicros, output) is bool reply) return reply;

        // step 7: process the segment text
        switch (_state)
        {
            case TcpState.CloseWait:
            case TcpState.Closing:
            case TcpState.LastAck:
                if (segment.Seq >= _rcvNxt) break;
                goto case TcpState.FinWait1;
            case TcpState.FinWait1:
            case TcpState.FinWait2:
                // RFC 793 says to queue data here; RFC 1122 (and BSD) reset once reading is shut down.
                if (ReadShutdown && segment.EndSeq != segment.Seq && segment.EndSeq - (segment.IsFin ? 1 : 0) > _rcvNxt)
                {
                    _mib.Increment(MibCounter.TcpExtTCPAbortOnData);
                    Reset(output);
                    return true;
                }
                DataQueue(segment, payload, nowMicros, output);
                break;
            case TcpState.Established:
                DataQueue(segment, payload, nowMicros, output);
                break;
        }

        if (_state != TcpState.Close)
        {
            DataSendCheck(nowMicros, output);
            AckSendCheck(nowMicros, output);
        }
        return false;
    }

    /// <summary>
    /// Mirrors tcp_rcv_synsent_state_process (net/ipv4/tcp_input.c). Returns true when the caller must answer with
    /// tcp_v4_send_reset (an ACK outside (snd_una, snd_nxt], or a TSecr outside our SYN's lifetime).
    /// </summary>
    private bool SynSentStateProcess(in TcpSegment segment, long nowMicros, ITcpOutput output)
    {
        var options = segment.Options;
        var tsEcr = options.SawTimestamp && options.TsEcr != 0 ? unchecked(options.TsEcr - _tsOffset) : options.TsEcr;

        if (segment.IsAck)
        {
            // RFC 793: "If SEG.ACK =< ISS, or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set)".
            if (segment.Ack <= _sndUna || segment.Ack > _sndNxt)
            {
                // A previous FIN/ACK or RST/ACK of the peer may have been ignored: resend the SYN soon.
                if (_retransmits == 0)
                    output.ArmTimer(TcpTimer.Retransmit, nowMicros + TimeoutMinMicros);
                return true;
            }
            if (options.SawTimestamp && tsEcr != 0 && !SeqNum.Between(new SeqNum(tsEcr), new SeqNum(_retransStamp), new SeqNum(NowMs(nowMicros))))
            {
                _mib.Increment(MibCounter.TcpExtPAWSActive);
                return true;
            }
            if (segment.IsRst)
            {
                Reset(output);
                return false;
            }
            if (!segment.IsSyn) return false;

            // Our SYN is acknowledged: ESTABLISHED.
            SynSentRttMeasure(options, tsEcr, nowMicros);
            ApplySynOptions(options);
            _sndWl1 = segment.Seq;
            AckSynSent(segment);
            // tcp_ack of the SYN-ACK met a queue (the SYN), so tcp_cong_control set the pacing rate, before
            // tcp_finish_connect re-syncs the MSS.
            UpdatePacingRate();
            _rcvNxt = _rcvWup = segment.Seq + 1;
            // RFC 7323: the window of a SYN-ACK is never scaled.
            _sndWnd = segment.Window;
            if (!_wscaleOk)
            {
                _sndWscale = _rcvWscale = 0;
                _windowClamp = Math.Min(_windowClamp, ushort.MaxValue);
            }
            if (options.SawTimestamp)
            {
                _tstampOk = true;
                _tcpHeaderLen = 20 + TimestampAligned;
                _advMss -= TimestampAligned;
                StoreTsRecent(options.TsVal, nowMicros);
            }
            else
            {
                _tcpHeaderLen = 20;
            }
            SyncMss();
            InitializeRcvMss();
            _copiedSeq = _rcvNxt;
            FinishConnect(nowMicros);
            output.CancelTimer(TcpTimer.Retransmit);
            StartKeepaliveIfSet(nowMicros, output);
            output.Notify(TcpSocketEvent.Established);
            if (PingPong)
            {
                // "Save one ACK": only when the application is in interactive mode; never on a fresh socket.
                _ackScheduled = true;
                EnterQuickAckMode(MaxQuickAcks);
                ArmDelayedAck(Jiffies.FromMicros32(nowMicros) + DelackMaxJiffies, nowMicros, output);
                return false;
            }
            SendAck(nowMicros, output);
            DataSendCheck(nowMicros, output);
            return false;
        }

        // No ACK in the segment.
        if (segment.IsRst) return false;
        if (_tsRecentStampSeconds != 0 && options.SawTimestamp && PawsReject(options.TsVal, nowMicros)) return false;
        if (!segment.IsSyn) return false;

        // Crossed SYNs (simultaneous open, or connect to self): SYN_RECV and a SYN-ACK with our ISN.
        ApplySynOptions(options);
        SetState(TcpState.SynRecv);
        if (options.SawTimestamp)
        {
            _tstampOk = true;
            StoreTsRecent(options.TsVal, nowMicros);
            _tcpHeaderLen = 20 + TimestampAligned;
        }
        else
        {
            _tcpHeaderLen = 20;
        }
        _rcvNxt = _copiedSeq = _rcvWup = segment.Seq + 1;
        _sndWnd = segment.Window;
        _sndWl1 = segment.Seq;
        _maxWindow = _sndWnd;
        SyncMss();
        InitializeRcvMss();
        SendSynAck(nowMicros, output);
        return false;
    }

    /// <summary>The part of tcp_parse_options (estab = 0) that a SYN or SYN-ACK writes into tp->rx_opt.</summary>
    private void ApplySynOptions(in TcpOptions options)
    {
        if (options.Mss != 0)
            _mssClamp = _userMss != 0 && _userMss < options.Mss ? _userMss : options.Mss;
        if (options.WindowScaleOk)
        {
            _wscaleOk = true;
            _sndWscale = options.WindowScale;
        }
        if (options.SackPermitted) _sackOk = true;
    }

    /// <summary>tcp_ack for the SYN-ACK (FLAG_SLOWPATH; tcp_ack_update_window leaves a SYN's window unscaled).</summary>
    private void AckSynSent(in TcpSegment segment)
    {
        var window = (uint)segment.Window;
        if (MayUpdateWindow(segment.Ack, segment.Seq, window))
        {
            _sndWl1 = segment.Seq;
            _sndWnd = window;
            if (window > _maxWindow) _maxWindow = window;
        }
        _bytesAcked += segment.Ack - _sndUna;
        _sndUna = segment.Ack;
        _packetsOut = 0;
        _synAckPending = false;
        _retransmits = 0;
    }

    /// <summary>Mirrors tcp_finish_connect: ESTABLISHED, then tcp_init_transfer.</summary>
    private void FinishConnect(long nowMicros)
    {
        SetState(TcpState.Established);
        _lrcvTimeJiffies = Jiffies.FromMicros32(nowMicros);
        InitTransfer();
    }

    /// <summary>
    /// Mirrors tcp_validate_incoming (net/ipv4/tcp_input.c): PAWS, the sequence check, RST (RFC 5961 §3.2) and SYN
    /// (RFC 5961 §4) handling. Returns false when the segment has been dealt with (dropped, answered, or the
    /// connection reset).
    /// </summary>
    private bool ValidateIncoming(in TcpSegment segment, long nowMicros, ITcpOutput output, bool synInErr)
    {
        var options = segment.Options;
        // RFC 1323 H1: PAWS first.
        if (options.SawTimestamp && PawsReject(options.TsVal, nowMicros) && DisorderedAckCheck(segment) is { } paws)
        {
            if (!segment.IsRst)
            {
                if (segment.IsSyn)
                {
                    SynChallenge(nowMicros, output, synInErr);
                    return false;
                }
                // Old ACKs are common: no counter, no dupack.
                if (paws == PawsVerdict.OldAck) return false;
                _mib.Increment(MibCounter.TcpExtPAWSEstab);
                if (!OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedPAWS))
                    SendDupAck(segment, nowMicros, output);
                return false;
            }
        }

        // Step 1: check the sequence number.
        if (!SequenceAcceptable(segment))
        {
            if (!segment.IsRst)
            {
                if (segment.IsSyn)
                {
                    SynChallenge(nowMicros, output, synInErr);
                    return false;
                }
                if (!OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedSeq))
                    SendDupAck(segment, nowMicros, output);
            }
            else if (ResetCheck(segment))
            {
                Reset(output);
            }
            return false;
        }

        // Step 2: the RST bit. RFC 5961 §3.2: only an exact match resets; in window otherwise → challenge ACK.
        if (segment.IsRst)
        {
            if (segment.Seq == _rcvNxt || ResetCheck(segment))
            {
                Reset(output);
                return false;
            }
            SendChallengeAck(nowMicros, output);
            return false;
        }

        // Step 4: a SYN in a synchronized state (RFC 5961 §4.2): challenge ACK. The peer's retransmitted SYN-ACK of
        // crossed SYNs is let through.
        if (segment.IsSyn)
        {
            if (_state == TcpState.SynRecv && _synAckPending && segment.IsAck
                && segment.Seq + 1 == segment.EndSeq && segment.Seq + 1 == _rcvNxt && segment.Ack == _sndNxt)
                return true;
            SynChallenge(nowMicros, output, synInErr);
            return false;
        }
        return true;
    }

    private void SynChallenge(long nowMicros, ITcpOutput output, bool synInErr)
    {
        if (synInErr) _mib.Increment(MibCounter.TcpInErrs);
        _mib.Increment(MibCounter.TcpExtTCPSYNChallenge);
        SendChallengeAck(nowMicros, output);
    }

    /// <summary>tcp_reset_check: after the peer's FIN, an RST at rcv_nxt − 1 is accepted too (macOS sends those).</summary>
    private bool ResetCheck(in TcpSegment segment) =>
        segment.Seq == _rcvNxt - 1 && _state is TcpState.CloseWait or TcpState.LastAck or TcpState.Closing;

    private enum PawsVerdict
    {
        Reject,
        OldAck,
    }

    /// <summary>
    /// Mirrors tcp_paws_check (include/net/tcp.h) negated with TCP_PAWS_WINDOW = 1: the TSval is older than
    /// ts_recent by more than one tick, ts_recent is less than 24 days old, and not 0.
    /// </summary>
    private bool PawsReject(uint tsVal, long nowMicros) => !PawsCheck(tsVal, nowMicros, pawsWindow: 1);

    private bool PawsCheck(uint tsVal, long nowMicros, int pawsWindow)
    {
        if (unchecked((int)(_tsRecent - tsVal)) <= pawsWindow) return true;
        if (Seconds(nowMicros) >= _tsRecentStampSeconds + Paws24DaysSeconds) return true;
        return _tsRecent == 0;
    }

    /// <summary>
    /// Mirrors tcp_disordered_ack_check: a pure duplicate ACK at rcv_nxt that does not move the window and whose
    /// TSval lies in the replay window (1.2 × RTO) passes PAWS (null); an old pure ACK is an <see cref="PawsVerdict.OldAck"/>.
    /// </summary>
    private PawsVerdict? DisorderedAckCheck(in TcpSegment segment)
    {
        if (!segment.IsAck || segment.Seq != segment.EndSeq) return PawsVerdict.Reject;
        if (segment.Seq != _rcvNxt) return segment.Seq < _rcvNxt ? PawsVerdict.OldAck : PawsVerdict.Reject;
        if (segment.Ack != _sndUna) return PawsVerdict.Reject;
        if (MayUpdateWindow(segment.Ack, segment.Seq, (uint)segment.Window << _sndWscale)) return PawsVerdict.Reject;
        var replayMs = _rtoMicros * 1200 / 1_000_000;
        if (unchecked((int)(_tsRecent - segment.Options.TsVal)) > replayMs) return PawsVerdict.Reject;
        return null;
    }

    /// <summary>
    /// Mirrors tcp_sequence (Linux ≥ 6.17 with the 2026 FIN fix): not entirely before rcv_wup, not starting beyond
    /// the window; a segment reaching past the window is taken only while the receive queue is empty, and a FIN
    /// alone may overhang it.
    /// </summary>
    private bool SequenceAcceptable(in TcpSegment segment)
    {
        if (segment.EndSeq < _rcvWup) return false;
        var limit = _rcvNxt + (int)ReceiveWindow();
        if (segment.EndSeq > limit)
        {
            if (segment.EndSeq - (segment.IsFin ? 1 : 0) <= limit) return true;
            if (segment.Seq > limit) return false;
            if (_receiveQueue.Count > 0) return false;
        }
        return true;
    }

    /// <summary>tcp_receive_window: what is left of the last advertised window.</summary>
    private uint ReceiveWindow()
    {
        var window = unchecked((int)(_rcvWup.Value + _rcvWnd - _rcvNxt.Value));
        return window < 0 ? 0 : (uint)window;
    }

    /// <summary>tcp_may_update_window (RFC 793 SND.WL1/WL2 rule).</summary>
    private bool MayUpdateWindow(SeqNum ack, SeqNum ackSeq, uint window) =>
        ack > _sndUna || ackSeq > _sndWl1 || (ackSeq == _sndWl1 && (window > _sndWnd || window == 0));

    /// <summary>
    /// Mirrors tcp_ack (net/ipv4/tcp_input.c) as far as this core goes: acceptability, ts_recent, window update
    /// (tcp_ack_update_window), snd_una and the send queue (tcp_clean_rtx_queue without RTT sampling).
    /// </summary>
    private AckVerdict Ack(in TcpSegment segment, long nowMicros, ITcpOutput output, bool noChallengeAck)
    {
        var ack = segment.Ack;
        var priorSndUna = _sndUna;
        if (ack < priorSndUna)
        {
            // Do not accept an ACK for bytes we never sent (RFC 5961 §5.2).
            var maxWindow = (long)Math.Min(_maxWindow, (ulong)_bytesAcked);
            if (ack < priorSndUna - (int)maxWindow)
            {
                if (!noChallengeAck) SendChallengeAck(nowMicros, output);
                return AckVerdict.TooOld;
            }
            return AckVerdict.Old;
        }
        if (ack > _sndNxt) return AckVerdict.Unsent;

        if (ack > priorSndUna) _retransmits = 0;

        // ts_recent may change only once the segment is known to be in window.
        ReplaceTsRecent(segment, nowMicros);

        var window = (uint)segment.Window;
        if (!segment.IsSyn) window <<= _sndWscale;
        var priorWindow = _sndWnd;
        if (MayUpdateWindow(ack, segment.Seq, window))
        {
            _sndWl1 = segment.Seq;
            if (_sndWnd != window)
            {
                _sndWnd = window;
                // tcp_ack_update_window: a window change with data waiting may follow an idle period.
                if (UnsentBytes > 0) SlowStartAfterIdleCheck(nowMicros);
                if (window > _maxWindow)
                {
                    _maxWindow = window;
                    SyncMss();
                }
            }
        }
        var acked = ack - priorSndUna;
        _sndUna = ack;
        if (_synAckPending) return AckVerdict.Accepted;
        // "We passed data and got it acked": probing is answered, and the peer was heard from.
        _probesOut = 0;
        _rcvTstamp = Jiffies.FromMicros32(nowMicros);
        var priorPackets = _rtx.Count;
        var dsack = SawDsack(segment, ack);
        _ackSawTimestamp = segment.Options.SawTimestamp;
        _ackTsEcr = segment.Options.TsEcr;
        _rexmitNew = false;
        var flags = acked > 0 ? AckFlag.SndUnaAdvanced : AckFlag.None;
        long priorDelivered = 0;
        // prior_fack: taken before snd_una moved (tcp_highest_sack_seq falls back to snd_una).
        var priorFack = _sackOk && _rtx.SackedOut > 0 ? HighestSackSeq() : priorSndUna;
        var newlySacked = SackTag(segment, ack, priorSndUna, nowMicros, ref flags, ref priorDelivered, out var firstSackSent, out var lastSackSent);
        if (priorPackets == 0)
        {
            // no_queue: nothing was in flight (a window update, or the answer to a probe).
            AckProbe(nowMicros, output);
            ProcessTlpAck(ack, acked > 0, priorWindow != _sndWnd || segment.Seq != segment.EndSeq, newlySacked > 0, dsack);
            return AckVerdict.Accepted;
        }
        var ackedPackets = 0;
        if (acked > 0)
        {
            _bytesAcked += acked;
            RackAdvanceForAcked(segment, ack, nowMicros);
            var reord = NoteCumulativelyAcked(ack, ref flags, ref priorDelivered);
            ackedPackets = CleanRtxQueue(acked, output, out var firstSent, out var lastSent, out var retransAcked);
            _delivered += ackedPackets;
            // "Non-retransmitted hole got filled? That's reordering."
            if (_sackOk && reord < priorFack) CheckSackReordering(reord, timestamps: false);
            var rtt = AckUpdateRttFromAck(segment, new RttSendTimes(firstSent, lastSent, retransAcked, firstSackSent, lastSackSent), acked: true, nowMicros);
            _cc.PacketsAcked(_cwnd, ackedPackets, rtt, nowMicros, _sndUna, _sndNxt);
        }
        else if (firstSackSent >= 0)
        {
            // tcp_clean_rtx_queue runs for every ACK: a SACK of new segments is an RTT sample of its own.
            AckUpdateRttFromAck(segment, new RttSendTimes(-1, -1, false, firstSackSent, lastSackSent), acked: false, nowMicros);
        }
        RackUpdateReoWnd(priorDelivered);
        ProcessTlpAck(ack, acked > 0, priorWindow != _sndWnd || segment.Seq != segment.EndSeq, newlySacked > 0, dsack);
        // tcp_ack_is_dubious: a duplicate ACK (nothing new acknowledged, no data, no window change), SACK news, or a
        // state other than Open sends the ACK through tcp_fastretrans_alert.
        var duplicateAck = acked == 0 && segment.Seq == segment.EndSeq && priorWindow == _sndWnd && _rtx.Count > 0;
        var newlyLost = 0;
        var reoTimerArmed = false;
        // FLAG_CA_ALERT: SACK or D-SACK news; num_dupack leaves out an ACK that carries a D-SACK.
        var dsacking = (flags & AckFlag.DsackingAck) != 0;
        if (duplicateAck || newlySacked > 0 || dsacking || _caState != CongestionState.Open)
            newlyLost = FastRetransAlert(duplicateAck && !dsacking, flags, priorSndUna, nowMicros, output, out reoTimerArmed);
        // tcp_try_to_open's retrans_stamp cleanup once no retransmission is left outstanding, outside Recovery and
        // Loss, whose undo checks compare the ACK's echoed timestamp with it (tcp_packet_delayed).
        if (acked > 0 && _caState < CongestionState.Recovery && !AnyRetransDone) _retransStamp = 0;
        // FLAG_SET_XMIT_TIMER: an ACK of new data re-times the loss probe or the RTO, unless RACK's reordering
        // timer was just armed.
        if (acked > 0 && !reoTimerArmed) SetXmitTimer(nowMicros, output);
        CongestionControlOnAck(ackedPackets, newlySacked, newlyLost, acked > 0, nowMicros);
        UpdatePacingRate();
        return AckVerdict.Accepted;
    }

    /// <summary>
    /// The queue part of tcp_clean_rtx_queue: acknowledged bytes leave the send queue, acknowledged segments the rtx
    /// queue; returns the segments newly delivered (those SACKed before were counted then). The writer is woken once enough space is free (sk_stream_write_space).
    /// </summary>
    private int CleanRtxQueue(int acked, ITcpOutput output, out long firstSentMicros, out long lastSentMicros, out bool retransmittedAcked)
    {
        // The FIN's sequence number has no byte in the queue (Discard stops at the queue's end).
        _sendQueue.Discard(acked);
        var sackedBefore = _rtx.SackedOut;
        var removed = _rtx.AckUpTo(_sndUna, out firstSentMicros, out lastSentMicros, out retransmittedAcked);
        // tp->delivered counts a SACKed segment when it was SACKed, not again when snd_una passes it.
        removed -= sackedBefore - _rtx.SackedOut;
        if (_writeBlocked && _sendQueue.Free >= _sendQueue.Count / 2)
        {
            // sk_stream_write_space: wake the writer once the free space is at least half of what is queued.
            _writeBlocked = false;
            output.Notify(TcpSocketEvent.Writable);
        }
        return removed;
    }

    /// <summary>tcp_replace_ts_recent: take the TSval of an in-window segment that does not start beyond rcv_wup.</summary>
    private void ReplaceTsRecent(in TcpSegment segment, long nowMicros)
    {
        var options = segment.Options;
        if (!options.SawTimestamp || segment.Seq > _rcvWup) return;
        if (PawsCheck(options.TsVal, nowMicros, pawsWindow: 0)) StoreTsRecent(options.TsVal, nowMicros);
    }

    /// <summary>tcp_store_ts_recent.</summary>
    private void StoreTsRecent(uint tsVal, long nowMicros)
    {
        _tsRecent = tsVal;
        _tsRecentStampSeconds = Seconds(nowMicros);
    }

    /// <summary>
    /// Mirrors tcp_data_queue (net/ipv4/tcp_input.c): in-order data (or the new tail of a partly duplicate segment) is
    /// queued and the FIN processed, then the out-of-order queue drained; duplicates get an immediate D-SACKed ACK;
    /// data beyond rcv_nxt goes to the out-of-order queue (tcp_data_queue_ofo).
    /// </summary>
    private void DataQueue(in TcpSegment segment, ReadOnlySpan<byte> payload, long nowMicros, ITcpOutput output)
    {
        if (segment.Seq == segment.EndSeq) return;
        _dsackPending = false;
        var seq = segment.Seq;
        var endSeq = segment.EndSeq;

        if (seq == _rcvNxt)
        {
            if (ReceiveWindow() == 0)
            {
                // A bare FIN is accepted even into a zero window (some stacks loop on it).
                if (payload.Length != 0 || !segment.IsFin)
                {
                    _mib.Increment(MibCounter.TcpExtTCPZeroWindowDrop);
                    OutOfWindow();
                    return;
                }
            }
            QueueAndOut(segment, payload, 0, nowMicros, output);
            return;
        }

        if (endSeq <= _rcvNxt)
        {
            // A retransmission: force an immediate ACK carrying a D-SACK.
            _mib.Increment(MibCounter.TcpExtDelayedACKLost);
            DsackSet(seq, endSeq);
            OutOfWindow();
            return;
        }

        // Out of window, e.g. a zero-window probe.
        if (seq >= _rcvNxt + (int)ReceiveWindow())
        {
            OutOfWindow();
            return;
        }

        if (seq < _rcvNxt)
        {
            // Partial packet: seq < rcv_nxt < end_seq. D-SACK the old head, queue the new tail.
            DsackSet(seq, _rcvNxt);
            if (ReceiveWindow() == 0)
            {
                _mib.Increment(MibCounter.TcpExtTCPZeroWindowDrop);
                OutOfWindow();
                return;
            }
            QueueAndOut(segment, payload, _rcvNxt - seq, nowMicros, output);
            return;
        }

        DataQueueOfo(segment, payload);
    }

    /// <summary>tcp_data_queue's out_of_window label: quick-ack mode and an ACK at once.</summary>
    private void OutOfWindow()
    {
        EnterQuickAckMode(MaxQuickAcks);
        _ackScheduled = true;
    }

    /// <summary>The queue_and_out label of tcp_data_queue: tcp_queue_rcv, tcp_event_data_recv, tcp_fin, tcp_data_ready.</summary>
    private void QueueAndOut(in TcpSegment segment, ReadOnlySpan<byte> payload, int skip, long nowMicros, ITcpOutput output)
    {
        var fresh = payload.Length > skip ? payload[skip..] : default;
        if (fresh.Length > _receiveQueue.Free)
        {
            // tcp_try_rmem_schedule failed: advertise a zero window at once (ICSK_ACK_NOMEM) and drop (TCPRcvQDrop).
            _ackScheduled = true;
            _ackNow = true;
            _ackNoMem = true;
            output.Notify(TcpSocketEvent.DataReadable);
            _mib.Increment(MibCounter.TcpExtTCPRcvQDrop);
            return;
        }
        _receiveQueue.Write(fresh);
        _rcvNxt = segment.EndSeq;
        if (payload.Length > 0) EventDataRecv(segment, payload.Length, nowMicros);
        if (segment.IsFin) Fin(nowMicros, output);
        if (_outOfOrderQueue is { IsEmpty: false } held)
        {
            OfoQueue(nowMicros, output);
            // RFC 5681 §4.2: ACK at once when the gap is filled.
            if (held.IsEmpty) _ackNow = true;
        }
        if (_outOfOrderQueue is { SackBlockCount: > 0 } sacked) sacked.RemoveSacksBelow(_rcvNxt);
        if (fresh.Length > 0) output.Notify(TcpSocketEvent.DataReadable);
    }

    /// <summary>
    /// Mirrors tcp_event_data_recv (net/ipv4/tcp_input.c): schedule an ACK, measure the peer's MSS, and run the ATO
    /// estimator; the first data segment starts quick-ack mode.
    /// </summary>
    private void EventDataRecv(in TcpSegment segment, int length, long nowMicros)
    {
        _ackScheduled = true;
        MeasureRcvMss(segment, length);
        var now = Jiffies.FromMicros32(nowMicros);
        if (_atoJiffies == 0)
        {
            // The first data segment: initialise the delayed-ACK engine.
            IncrQuickAck(MaxQuickAcks);
            _atoJiffies = AtoMinJiffies;
        }
        else
        {
            var m = unchecked((int)(now - _lrcvTimeJiffies));
            var rtoJiffies = (uint)(_rtoMicros / Jiffies.MicrosPerJiffy);
            if (m <= AtoMinJiffies / 2)
            {
                _atoJiffies = (_atoJiffies >> 1) + AtoMinJiffies / 2;
            }
            else if (m < _atoJiffies)
            {
                _atoJiffies = (_atoJiffies >> 1) + (uint)m;
                if (_atoJiffies > rtoJiffies) _atoJiffies = rtoJiffies;
            }
            else if (m > rtoJiffies)
            {
                // Too long a gap: the sender apparently failed to restart its window; ACK quickly.
                IncrQuickAck(MaxQuickAcks);
            }
        }
        _lrcvTimeJiffies = now;
        if (length >= 128) GrowWindow(length);
    }

    /// <summary>
    /// Mirrors tcp_measure_rcv_mss: full-sized segments set rcv_mss; smaller ones are checked against the last
    /// size seen, and mark the ACK as "pushed".
    /// </summary>
    private void MeasureRcvMss(in TcpSegment segment, int length)
    {
        var lastSegSize = _lastSegSize;
        _lastSegSize = 0;
        if (length >= _rcvMss)
        {
            _rcvMss = Math.Min(length, _advMss);
            if (segment.Has(TcpFlags.Psh) && length == _rcvMss) _ackPushed = true;
            return;
        }
        var withHeader = length + segment.HeaderLength;
        if (withHeader >= DefaultMss + 20 || (withHeader >= MinMss + 20 && (segment.Flags & (TcpFlags.Psh | TcpFlags.Urg | TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) == 0))
        {
            var size = withHeader - _tcpHeaderLen;
            _lastSegSize = size;
            if (size == lastSegSize)
            {
                _rcvMss = size;
                return;
            }
        }
        if (_ackPushed) _ackPushed2 = true;
        _ackPushed = true;
    }

    /// <summary>tcp_incr_quickack: allow up to rcv_wnd / (2 × rcv_mss) quick ACKs (at least 2, at most the limit).</summary>
    private void IncrQuickAck(int maxQuickAcks)
    {
        var quickAcks = (int)(_rcvWnd / (uint)(2 * Math.Max(_rcvMss, 1)));
        if (quickAcks == 0) quickAcks = 2;
        quickAcks = Math.Min(quickAcks, maxQuickAcks);
        if (quickAcks > _quick) _quick = quickAcks;
    }

    /// <summary>tcp_enter_quickack_mode: quick ACKs, interactive mode off, ATO back to the minimum.</summary>
    private void EnterQuickAckMode(int maxQuickAcks)
    {
        IncrQuickAck(maxQuickAcks);
        _pingpong = 0;
        _atoJiffies = AtoMinJiffies;
    }

    /// <summary>tcp_in_quickack_mode.</summary>
    private bool InQuickAckMode => _quick != 0 && !PingPong;

    /// <summary>
    /// Mirrors tcp_grow_window with truesize taken as twice the payload (the default scaling_ratio): rcv_ssthresh
    /// grows by 2 × advmss while there is room below the clamp and the free space.
    /// </summary>
    private void GrowWindow(int length)
    {
        var room = (int)Math.Min(_windowClamp, (uint)Math.Max(Space(), 0)) - (int)_rcvSsthresh;
        if (room <= 0) return;
        var increment = Math.Max(2 * _advMss, 2 * length);
        _rcvSsthresh += (uint)Math.Min(room, increment);
        _quick |= 1;
    }

    /// <summary>
    /// tcp_space: the window the free part of the receive buffer is worth. The queue is charged at twice its
    /// payload, the truesize the default scaling_ratio assumes.
    /// </summary>
    private int Space() => InitialWindow.WindowFromSpace(_rcvBuf - 2 * (_receiveQueue.Count + _outOfOrderBytes));

    /// <summary>
    /// Mirrors tcp_fin (net/ipv4/tcp_input.c): ESTABLISHED/SYN_RECV → CLOSE_WAIT in interactive (pingpong) mode, so
    /// the FIN is ACKed after the delayed-ACK timeout or with our reply; FIN_WAIT1 → CLOSING (simultaneous close)
    /// and FIN_WAIT2 → TIME_WAIT, both with an immediate ACK.
    /// </summary>
    private void Fin(long nowMicros, ITcpOutput output)
    {
        _ackScheduled = true;
        _rcvShutdown = true;
        // Nothing can follow the FIN: the out-of-order queue and its SACK blocks go, and with them a D-SACK this
        // segment set (tcp_sack_reset clears rx_opt.dsack too, so a retransmitted tail + FIN is ACKed without one).
        PurgeOutOfOrder();
        if (_sackOk) _dsackPending = false;
        switch (_state)
        {
            case TcpState.SynRecv:
            case TcpState.Established:
                SetState(TcpState.CloseWait);
                _pingpong = PingpongThreshold;
                break;
            case TcpState.FinWait1:
                SendAck(nowMicros, output);
                SetState(TcpState.Closing);
                break;
            case TcpState.FinWait2:
                SendAck(nowMicros, output);
                TimeWait(TcpState.TimeWait, 0, nowMicros, output);
                break;
        }
        output.Notify(TcpSocketEvent.PeerClosed);
    }

    /// <summary>
    /// tcp_dsack_extend: the first duplicate range sets the D-SACK block; a later one joins it only where it touches
    /// or overlaps (tcp_sack_extend), otherwise the first stays.
    /// </summary>
    private void DsackExtend(SeqNum start, SeqNum end)
    {
        if (!_dsackPending)
        {
            DsackSet(start, end);
            return;
        }
        if (start > _dsackEnd || _dsackStart > end) return;
        if (start < _dsackStart) _dsackStart = start;
        if (end > _dsackEnd) _dsackEnd = end;
    }

    /// <summary>tcp_dsack_set: remember a duplicate range to report in the next ACK (RFC 2883).</summary>
    private void DsackSet(SeqNum start, SeqNum end)
    {
        if (!_sackOk || _settings.Sysctls.TcpDsack == 0) return;
        _mib.Increment(start < _rcvNxt ? MibCounter.TcpExtTCPDSACKOldSent : MibCounter.TcpExtTCPDSACKOfoSent);
        _dsackPending = true;
        _dsackStart = start;
        _dsackEnd = end;
    }

    /// <summary>
    /// Mirrors tcp_reset: the peer reset us. ECONNREFUSED in SYN_SENT, ECONNRESET (EPIPE in CLOSE_WAIT) otherwise;
    /// the write queue is purged and the socket is done.
    /// </summary>
    private void Reset(ITcpOutput output)
    {
        if (_state == TcpState.Close) return;
        _sendQueue.Discard(_sendQueue.Count);
        _rtx.Clear();
        Done(output);
        output.Notify(TcpSocketEvent.Reset);
    }

    /// <summary>
    /// Mirrors tcp_oow_rate_limited: data segments are never limited; other replies to out-of-window segments at
    /// most once per tcp_invalid_ratelimit.
    /// </summary>
    private bool OutOfWindowRateLimited(in TcpSegment segment, long nowMicros, MibCounter counter)
    {
        if (segment.Seq != segment.EndSeq && !segment.IsSyn) return false;
        return RateLimited(nowMicros, counter);
    }

    /// <summary>__tcp_oow_rate_limited.</summary>
    private bool RateLimited(long nowMicros, MibCounter counter)
    {
        var now = Jiffies.FromMicros32(nowMicros);
        if (_oowAckSent)
        {
            var elapsed = unchecked((int)(now - _lastOowAckJiffies));
            var limit = (int)((long)_settings.Sysctls.TcpInvalidRatelimit * Jiffies.Hz / 1000);
            if (elapsed >= 0 && elapsed < limit)
            {
                _mib.Increment(counter);
                return true;
            }
        }
        _oowAckSent = true;
        _lastOowAckJiffies = now;
        return false;
    }

    /// <summary>Mirrors tcp_send_challenge_ack (RFC 5961): per-socket rate limit, then TCPChallengeACK and an ACK.</summary>
    private void SendChallengeAck(long nowMicros, ITcpOutput output)
    {
        if (RateLimited(nowMicros, MibCounter.TcpExtTCPACKSkippedChallenge)) return;
        _mib.Increment(MibCounter.TcpExtTCPChallengeACK);
        SendAck(nowMicros, output);
    }

    /// <summary>Mirrors tcp_send_dupack: a duplicate of received data forces quick-ack mode and carries a D-SACK.</summary>
    private void SendDupAck(in TcpSegment segment, long nowMicros, ITcpOutput output)
    {
        if (segment.EndSeq != segment.Seq && segment.Seq < _rcvNxt)
        {
            _mib.Increment(MibCounter.TcpExtDelayedACKLost);
            EnterQuickAckMode(MaxQuickAcks);
            var end = segment.EndSeq > _rcvNxt ? _rcvNxt : segment.EndSeq;
            DsackSet(segment.Seq, end);
        }
        SendAck(nowMicros, output);
    }

    /// <summary>
    /// Mirrors __tcp_ack_snd_check via tcp_ack_snd_check: ACK now when more than one full segment is unacknowledged
    /// and the window moves, in quick-ack mode, or when an immediate ACK is due; otherwise delay it.
    /// </summary>
    private void AckSendCheck(long nowMicros, ITcpOutput output)
    {
        if (!_ackScheduled) return;
        if (((_rcvNxt - _rcvWup) > _rcvMss && SelectWindowRaw() >= _rcvWnd) || InQuickAckMode || _ackNow)
        {
            SendAck(nowMicros, output);
            return;
        }
        SendDelayedAck(nowMicros, output);
    }

    /// <summary>Mirrors tcp_send_delayed_ack (net/ipv4/tcp_output.c).</summary>
    private void SendDelayedAck(long nowMicros, ITcpOutput output)
    {
        var ato = _atoJiffies;
        if (ato > DelackMinJiffies)
        {
            var maxAto = (uint)Jiffies.Hz / 2;
            if (PingPong || _ackPushed) maxAto = DelackMaxJiffies;
            ato = Math.Min(ato, maxAto);
        }
        ato = Math.Min(ato, DelackMaxJiffies);
        var now = Jiffies.FromMicros32(nowMicros);
        var timeout = now + ato;
        if (_ackTimerArmed)
        {
            // The timer is about to expire anyway: ACK now.
            if (unchecked((int)(_ackTimeoutJiffies - (now + (ato >> 2)))) <= 0)
            {
                SendAck(nowMicros, output);
                return;
            }
            if (unchecked((int)(timeout - _ackTimeoutJiffies)) >= 0) timeout = _ackTimeoutJiffies;
        }
        _ackScheduled = true;
        ArmDelayedAck(timeout, nowMicros, output);
    }

    private void ArmDelayedAck(uint timeoutJiffies, long nowMicros, ITcpOutput output)
    {
        _ackTimerArmed = true;
        _ackTimeoutJiffies = timeoutJiffies;
        output.ArmTimer(TcpTimer.DelayedAck, Jiffies.ToMicros(timeoutJiffies, nowMicros));
    }

    /// <summary>The reply tcp_v4_do_rcv sends when tcp_rcv_state_process rejects a segment (tcp_v4_send_reset).</summary>
    private void SendStatelessReset(in TcpSegment segment, ITcpOutput output)
    {
        if (StatelessReset.TryBuild(segment, _settings.DefaultTtl, out var reset))
            output.Transmit(reset, default);
    }
}
