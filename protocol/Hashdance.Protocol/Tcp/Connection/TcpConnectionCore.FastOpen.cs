using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The server side of TCP Fast Open (RFC 7413) in a full socket: the child tcp_try_fastopen creates straight from a
/// SYN (tcp_fastopen_create_child, tcp_fastopen_add_skb in net/ipv4/tcp_fastopen.c), which keeps its request
/// (tp->fastopen_rsk) until the peer acknowledges the SYN-ACK: segments pass tcp_check_req with fastopen = true
/// first (net/ipv4/tcp_minisocks.c), the retransmit timer resends the SYN-ACK (tcp_fastopen_synack_timer,
/// net/ipv4/tcp_timer.c), and the handshake ends in tcp_rcv_synrecv_state_fastopen (net/ipv4/tcp_input.c).
/// </summary>
public sealed partial class TcpConnectionCore
{
    private RequestSockState? _fastOpenRequest; // fastopen_rsk
    private ListenerContext? _fastOpenListener; // req->rsk_listener
    private bool _fastOpenAccepted;             // !req->sk: accept() took the child
    private bool _synDataAcked;                 // syn_data_acked
    private bool _fastOpenUndoMarker;           // undo_marker of the SYN-ACK loss episode
    private int _fastOpenPriorSsthresh;         // prior_ssthresh saved by tcp_enter_loss

    /// <summary>tcp_passive_fastopen: a Fast Open child whose SYN-ACK is not acknowledged yet (it may already send).</summary>
    public bool PassiveFastOpen => _state == TcpState.SynRecv && _fastOpenRequest is not null;

    /// <summary>syn_data_acked: the SYN's data was accepted (TCPI_OPT_SYN_DATA).</summary>
    public bool SynDataAcked => _synDataAcked;

    /// <summary>
    /// Whether user data may be queued: ESTABLISHED and CLOSE_WAIT, and a passive Fast Open child still in SYN_RECV
    /// (tcp_sendmsg_locked skips sk_stream_wait_connect for it).
    /// </summary>
    public bool CanSend => _state is TcpState.Established or TcpState.CloseWait || PassiveFastOpen;

    /// <summary>
    /// The Fast Open child of <paramref name="syn"/>, whose request <see cref="ListenerCore"/> accepted
    /// (<see cref="ListenerVerdict.FastOpenChildCreated"/>). Mirrors tcp_fastopen_create_child: the child of
    /// tcp_create_openreq_child with the SYN's (unscaled) window, its retransmit timer armed for the SYN-ACK
    /// (req->timeout), tcp_init_transfer, and the SYN's <paramref name="payload"/> queued for reading at once
    /// (tcp_fastopen_add_skb); then tcp_conn_request's SYN-ACK (TCP_SYNACK_FASTOPEN), which acknowledges the data.
    /// </summary>
    public static TcpConnectionCore FromFastOpenSyn(RequestSockState req, ListenerContext listener, in TcpSegment syn,
        ReadOnlySpan<byte> payload, long nowMicros, ITcpOutput output)
    {
        var core = CloneRequest(req, listener, syn.Window, windowIsScaled: false, nowMicros);
        core._fastOpenRequest = req;
        core._fastOpenListener = listener;
        core.ResetXmitTimer(XmitTimer.Retrans, req.TimeoutMicros, core.RtoMaxMicros, nowMicros, output);
        core.InitTransfer();
        if (payload.Length > 0)
        {
            var queued = core._receiveQueue.Write(payload);
            core._rcvNxt += queued;
            core._synDataAcked = true;
        }
        core._rcvWup = core._rcvNxt;
        req.RcvNxt = core._rcvNxt;
        SynAckBuilder.Build(req, nowMicros, listener, out var synAck);
        output.Transmit(synAck, default);
        if (payload.Length > 0) output.Notify(TcpSocketEvent.DataReadable);
        return core;
    }

    /// <summary>
    /// accept() took this child (inet_csk_accept clears req->sk): from now on a reset by the peer keeps the
    /// listener's Fast Open slot for a while (reqsk_fastopen_remove).
    /// </summary>
    public void MarkAccepted() => _fastOpenAccepted = true;

    /// <summary>
    /// Mirrors tcp_check_req with fastopen = true, which tcp_rcv_state_process runs while fastopen_rsk is set.
    /// Returns false when the segment was dealt with here: a retransmitted SYN (the SYN-ACK again), a segment
    /// outside the request's window (an ACK), an RST (exactly at rcv_nxt: tcp_reset, else a challenge ACK, as
    /// Linux 6.18 treats request socks), a new SYN (a stateless RST, the child stays), or no ACK bit. The ACK number
    /// is checked by the child itself afterwards, since it may already have sent data. PAWS is left to the child's
    /// own tcp_validate_incoming.
    /// </summary>
    private bool FastOpenCheckRequest(in TcpSegment segment, long nowMicros, ITcpOutput output)
    {
        var req = _fastOpenRequest!;
        var flags = segment.Flags & (TcpFlags.Rst | TcpFlags.Syn | TcpFlags.Ack);
        if (segment.Seq == req.RcvIsn && flags == TcpFlags.Syn)
        {
            if (!OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedSynRecv))
                RetransmitFastOpenSynAck(nowMicros, output);
            return false;
        }
        var rightEdge = req.RcvNxt + (int)RequestSockCore.SynAckWindow(req);
        if (!RequestSockCore.InWindow(segment.Seq, segment.EndSeq, req.RcvNxt, rightEdge))
        {
            if ((flags & TcpFlags.Rst) == 0
                && !OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedSynRecv))
                SendFastOpenRequestAck(segment, nowMicros, output);
            return false;
        }
        if (segment.Seq == req.RcvIsn)
            flags &= ~TcpFlags.Syn;
        if ((flags & TcpFlags.Rst) != 0)
        {
            if (segment.Seq == req.RcvNxt)
            {
                // embryonic_reset for a valid RST: reqsk_fastopen_remove(reset) and tcp_reset, which counts
                // AttemptFails a second time through tcp_done.
                _mib.Increment(MibCounter.TcpAttemptFails);
                ReleaseFastOpen(resetByPeer: true, nowMicros);
                Reset(output);
                return false;
            }
            if (!OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedChallenge))
            {
                _mib.Increment(MibCounter.TcpExtTCPChallengeACK);
                SendFastOpenRequestAck(segment, nowMicros, output);
            }
            return false;
        }
        if ((flags & TcpFlags.Syn) != 0)
        {
            // A bad SYN: the peer is reset, but the local Fast Open connection is kept (an attacker must not be able
            // to reset it this way).
            _mib.Increment(MibCounter.TcpAttemptFails);
            SendStatelessReset(segment, output);
            return false;
        }
        return (flags & TcpFlags.Ack) != 0;
    }

    /// <summary>tcp_v4_reqsk_send_ack for a Fast Open child: seq is the child's snd_nxt, the rest the request's.</summary>
    private void SendFastOpenRequestAck(in TcpSegment segment, long nowMicros, ITcpOutput output) =>
        output.Transmit(RequestSockCore.ComposeAck(_fastOpenRequest!, _sndNxt, segment.Tos, nowMicros, _fastOpenListener!), default);

    /// <summary>
    /// inet_rtx_syn_ack → tcp_rtx_synack for the child's request: the SYN-ACK again (without the cookie),
    /// RetransSegs, TCPSynRetrans, num_retrans and, for a passive Fast Open socket, total_retrans.
    /// </summary>
    private void RetransmitFastOpenSynAck(long nowMicros, ITcpOutput output)
    {
        var req = _fastOpenRequest!;
        SynAckBuilder.Build(req, nowMicros, _fastOpenListener!, out var synAck);
        output.Transmit(synAck, default);
        _mib.Increment(MibCounter.TcpRetransSegs);
        _mib.Increment(MibCounter.TcpExtTCPSynRetrans);
        _totalRetrans++;
        req.NumRetrans++;
    }

    /// <summary>
    /// Mirrors tcp_fastopen_synack_timer: the retransmit timer of a child whose SYN-ACK is unacknowledged resends only
    /// the SYN-ACK, one retry more than tcp_synack_retries (or TCP_SYNCNT), backing off from req->timeout; loss
    /// state is entered on the second expiry, as tcp_init_transfer's cwnd rule expects.
    /// </summary>
    private void FastOpenSynAckTimer(long nowMicros, ITcpOutput output)
    {
        var req = _fastOpenRequest!;
        _pending = XmitTimer.None;
        _mib.Increment(MibCounter.TcpExtTCPTimeouts);
        var maxRetries = _settings.Options.SynCount ?? _settings.Sysctls.TcpSynackRetries + 1;
        if (req.NumTimeout >= maxRetries)
        {
            WriteError(output);
            return;
        }
        if (_retransmits == 1)
        {
            // tcp_enter_loss with tcp_init_undo: what an undo would restore.
            if (_caState <= CongestionState.Disorder)
            {
                _fastOpenPriorSsthresh = CurrentSsthresh();
                _fastOpenUndoMarker = true;
            }
            EnterLoss(nowMicros);
        }
        RetransmitFastOpenSynAck(nowMicros, output);
        req.NumTimeout++;
        // tcp_update_rto_stats
        _retransmits++;
        _totalRto++;
        if (_retransStamp == 0) _retransStamp = NowMs(nowMicros);
        ResetXmitTimer(XmitTimer.Retrans, req.TimeoutMicros << Math.Min(req.NumTimeout, 30), RtoMaxMicros, nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_rcv_synrecv_state_fastopen (with tcp_synack_rtt_meas before it): the SYN-ACK is acknowledged, so
    /// the request goes, and the retransmit timer now serves the data sent meanwhile (tcp_rearm_rto).
    /// </summary>
    private void FastOpenHandshakeDone(in TcpSegment ack, long nowMicros, ITcpOutput output)
    {
        var req = _fastOpenRequest!;
        if (_srttUs == 0) SynAckRttMeasure(req, nowMicros);
        if (_caState == CongestionState.Loss && _rtx.Count == 0) FastOpenTryUndoRecovery(ack);
        _retransmits = 0;
        // tcp_retrans_stamp_cleanup: no retransmitted data outstanding.
        if (_rtx.RetransOut == 0) _retransStamp = 0;
        ReleaseFastOpen(resetByPeer: false, nowMicros);
        RearmRto(nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_try_undo_recovery as tcp_rcv_synrecv_state_fastopen calls it when the SYN-ACK timed out twice
    /// (Loss) and nothing else is in flight: when the ACK echoes a TSval from before the first retransmission the
    /// SYN-ACK was only delayed (tcp_packet_delayed), so the congestion window and ssthresh come back
    /// (tcp_undo_cwnd_reduction with cubic's max(cwnd, prior_cwnd)). The state is Open afterwards either way, except
    /// for a connection without SACK, which holds Loss until something above high_seq is acknowledged (RFC 2582).
    /// </summary>
    private void FastOpenTryUndoRecovery(in TcpSegment ack)
    {
        var options = ack.Options;
        var delayed = _retransStamp != 0 && options.SawTimestamp && options.TsEcr != 0
            && SeqNum.Before(new SeqNum(unchecked(options.TsEcr - _tsOffset)), new SeqNum(_retransStamp));
        if (_fastOpenUndoMarker && delayed)
        {
            _cwnd.Cwnd = Math.Max(_cwnd.Cwnd, _cwnd.PriorCwnd);
            if (_fastOpenPriorSsthresh > _cwnd.Ssthresh) _cwnd.Ssthresh = _fastOpenPriorSsthresh;
            _fastOpenUndoMarker = false;
        }
        if (!_sackOk && _sndUna == _highSeq) return;
        SetCaState(CongestionState.Open);
    }

    /// <summary>reqsk_fastopen_remove: the child lets go of its request and of its slot in the listener's queue.</summary>
    private void ReleaseFastOpen(bool resetByPeer, long nowMicros)
    {
        if (_fastOpenRequest is null) return;
        _fastOpenRequest = null;
        var listener = _fastOpenListener!;
        _fastOpenListener = null;
        listener.FastOpen.ChildRemoved(resetByPeer && _fastOpenAccepted, listener.Listening, nowMicros);
    }
}
