using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The sans-IO core of one request sock (TCP_NEW_SYN_RECV). Mirrors tcp_check_req (net/ipv4/tcp_minisocks.c) with
/// the Linux 6.18 behaviour observed in spec §17, reqsk_timer_handler / syn_ack_recalc
/// (net/ipv4/inet_connection_sock.c), tcp_rtx_synack / tcp_syn_ack_timeout (tcp_output.c, tcp_timer.c),
/// tcp_v4_reqsk_send_ack and tcp_req_err (tcp_ipv4.c). Not thread-safe; the request actor serialises calls.
/// </summary>
/// <remarks>
/// The listener counted the request into the SYN queue when it created it. This core gives that count back
/// (reqsk_queue_removed: qlen−−, young−− if the timer never fired) exactly once, whichever way the request ends:
/// removed, expired, handed to its child, refused by the ingress, or orphaned by a closed listener.
/// OutSegs/OutRsts are counted by the shell's egress, not here.
/// </remarks>
public sealed class RequestSockCore
{
    /// <summary>TCP_PAWS_MSL: an RST passes PAWS when the stamp is at least this old (seconds).</summary>
    private const int PawsMslSeconds = 60;

    private readonly RequestSockState _request;
    private readonly ListenerContext _context;
    private uint _tsRecentBeforeChild;
    private bool _childPending;

    public RequestSockCore(RequestSockState request, ListenerContext context)
    {
        _request = request;
        _context = context;
    }

    /// <summary>The request; the listener creates the child from it after <see cref="CheckReqVerdict.ChildWanted"/>.</summary>
    public RequestSockState State => _request;

    /// <summary>True once the request gave its queue count back (it no longer exists as far as Linux is concerned).</summary>
    public bool IsRemoved { get; private set; }

    /// <summary>
    /// The ingress hashed the request (inet_csk_reqsk_queue_hash_add): arm the SYN-ACK timer for now + timeout
    /// (1 s) and send the first SYN-ACK.
    /// </summary>
    public void OnHashed(long nowMicros, ITcpOutput output)
    {
        if (IsRemoved) return;
        output.ArmTimer(TcpTimer.SynAck, nowMicros + _request.TimeoutMicros);
        SendSynAck(nowMicros, output);
    }

    /// <summary>
    /// The ingress refused the insertion because an identical request already exists (a concurrent duplicate SYN,
    /// Linux ≥ 6.10): the request vanishes without a SYN-ACK or a counter.
    /// </summary>
    public void OnHashFailed() => Release(null);

    /// <summary>A segment for this request's 4-tuple. Mirrors tcp_check_req, steps 1–10 of spec §7 with §17.</summary>
    public CheckReqVerdict OnSegment(in TcpSegment segment, long nowMicros, ITcpOutput output)
    {
        if (IsRemoved)
            return CheckReqVerdict.Relookup;
        if (!_context.Listening)
        {
            // tcp_v4_rcv: the listener left LISTEN, so the request is dropped and the segment looked up again.
            Release(output);
            return CheckReqVerdict.Relookup;
        }

        var request = _request;
        var sysctls = _context.Sysctls;
        var mib = _context.Mib;
        var flags = segment.Flags & (TcpFlags.Rst | TcpFlags.Syn | TcpFlags.Ack);

        // Step 1: the non-established option parse (timestamps gated by the sysctl, not by tstamp_ok).
        ref readonly var options = ref segment.Options;
        var sawTimestamp = options.SawTimestamp && sysctls.TcpTimestamps != 0;
        var tsecrReject = false;
        var pawsReject = false;
        if (sawTimestamp)
        {
            // Linux ≥ 6.15: TSecr must echo one of our SYN-ACK TSvals.
            if (options.TsEcr != 0 && request.TimestampOk)
                tsecrReject = !SeqNum.Between(new SeqNum(options.TsEcr), new SeqNum(request.SntTsvalFirst),
                    new SeqNum(request.SntTsvalLast));
            pawsReject = PawsReject(request.TsRecent, options.TsVal, CurrentTimeout(), segment.IsRst);
        }

        // Step 2: a pure retransmitted SYN gets the SYN-ACK again (RFC 1122 fixed RFC 793 figure 8), rate-limited.
        if (segment.Seq == request.RcvIsn && flags == TcpFlags.Syn && !pawsReject)
        {
            if (!OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedSynRecv))
            {
                RetransmitSynAck(nowMicros, output);
                output.ArmTimer(TcpTimer.SynAck, nowMicros + CurrentTimeout());
            }
            return CheckReqVerdict.Consumed;
        }

        // Step 3: an unacceptable ACK is answered by the listener (RST seq = SEG.ACK), RFC 793 p. 36.
        if ((flags & TcpFlags.Ack) != 0 && segment.Ack != request.SntIsn + 1)
            return CheckReqVerdict.PassToListener;

        // Step 4: sequence check against min(rsk_rcv_wnd, 65535) (tcp_synack_window).
        var rightEdge = request.RcvNxt + (int)SynAckWindow(request);
        if (pawsReject || tsecrReject || !InWindow(segment.Seq, segment.EndSeq, request.RcvNxt, rightEdge))
        {
            if ((flags & TcpFlags.Rst) == 0
                && !OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedSynRecv))
                SendAck(segment, nowMicros, output);
            if (pawsReject)
                mib.Increment(MibCounter.TcpExtPAWSEstab);
            else if (tsecrReject)
                mib.Increment(MibCounter.TcpExtTSEcrRejected);
            return CheckReqVerdict.Consumed;
        }

        // Step 5: an old SYN copy starting at rcv_isn is truncated to its in-window part.
        if (segment.Seq == request.RcvIsn)
            flags &= ~TcpFlags.Syn;

        // Step 6 with §17.1: only an RST exactly at RCV.NXT kills the request (RFC 5961 §3.2); one elsewhere in
        // the window gets a challenge ACK.
        if ((flags & TcpFlags.Rst) != 0)
        {
            if (segment.Seq == request.RcvNxt)
            {
                mib.Increment(MibCounter.TcpAttemptFails);
                EmbryonicReset(output);
                return CheckReqVerdict.Removed;
            }
            if (!OutOfWindowRateLimited(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedChallenge))
            {
                mib.Increment(MibCounter.TcpExtTCPChallengeACK);
                SendAck(segment, nowMicros, output);
            }
            return CheckReqVerdict.Consumed;
        }
        if ((flags & TcpFlags.Syn) != 0)
        {
            // A new SYN inside the window: reset the peer and forget the request.
            mib.Increment(MibCounter.TcpAttemptFails);
            SendReset(segment, output);
            EmbryonicReset(output);
            return CheckReqVerdict.Removed;
        }

        // Step 7: the ACK number was checked above; without the ACK bit there is nothing to do.
        if ((flags & TcpFlags.Ack) == 0)
            return CheckReqVerdict.Consumed;

        // Step 8: TCP_DEFER_ACCEPT drops a bare ACK (a FIN is not bare: its end_seq is one further).
        if (request.NumTimeout < request.DeferAcceptRetrans && segment.EndSeq == request.RcvIsn + 1)
        {
            request.Acked = true;
            mib.Increment(MibCounter.TcpExtTCPDeferAcceptDrop);
            return CheckReqVerdict.Consumed;
        }

        // Steps 9–10: the child is wanted; it starts with the ACK's TSval when the ACK is not beyond rcv_nxt. The
        // request's own ts_recent is restored if the child is refused (Linux changes only the child's).
        _tsRecentBeforeChild = request.TsRecent;
        _childPending = true;
        if (sawTimestamp && !SeqNum.After(segment.Seq, request.RcvNxt))
            request.TsRecent = options.TsVal;
        return CheckReqVerdict.ChildWanted;
    }

    /// <summary>
    /// The listener could not take the child (tcp_v4_syn_recv_sock returned NULL: accept queue full or listener
    /// closed). tcp_abort_on_overflow = 0: set <c>acked</c> and wait for the next ACK (each SYN-ACK retransmission
    /// re-elicits one) → <see cref="CheckReqVerdict.Consumed"/>. = 1: embryonic reset, <c>RST seq=SEG.ACK</c> →
    /// <see cref="CheckReqVerdict.Removed"/>.
    /// </summary>
    public CheckReqVerdict OnChildRefused(in TcpSegment ack, long nowMicros, ITcpOutput output)
    {
        if (_childPending)
        {
            _request.TsRecent = _tsRecentBeforeChild;
            _childPending = false;
        }
        if (IsRemoved)
            return CheckReqVerdict.Removed;
        if (_context.Sysctls.TcpAbortOnOverflow == 0)
        {
            _request.Acked = true;
            return CheckReqVerdict.Consumed;
        }
        SendReset(ack, output);
        EmbryonicReset(output);
        return CheckReqVerdict.Removed;
    }

    /// <summary>
    /// The child replaced the request in the ehash (inet_ehash_nolisten + inet_csk_complete_hashdance): cancel the
    /// timer and give the queue count back.
    /// </summary>
    public void OnHandedToChild(ITcpOutput output)
    {
        _childPending = false;
        Release(output);
    }

    /// <summary>
    /// The SYN-ACK timer fired. Mirrors reqsk_timer_handler: a closed listener drops the request silently;
    /// otherwise TCPTimeouts, pruning under pressure, syn_ack_recalc, the SYN-ACK retransmission, young accounting
    /// on the first expiry and re-arming for min(timeout &lt;&lt; num_timeout, tcp_rto_max_ms). Expiry sends nothing.
    /// </summary>
    public RequestTimerVerdict OnTimer(long nowMicros, ITcpOutput output)
    {
        if (IsRemoved)
            return RequestTimerVerdict.Expired;
        if (!_context.Listening)
        {
            Release(output);
            return RequestTimerVerdict.Expired;
        }

        var request = _request;
        var queue = _context.Queue;
        _context.Mib.Increment(MibCounter.TcpExtTCPTimeouts);
        var decision = RequestTimerPolicy.OnExpiry(request.NumTimeout, request.Acked, _context.Options.SynCount ?? 0,
            queue.Length, queue.Young, queue.MaxAckBacklog, request.DeferAcceptRetrans, _context.Sysctls,
            request.TimeoutMicros);
        if (decision.Drop)
        {
            Release(output);
            return RequestTimerVerdict.Expired;
        }
        if (decision.Resend)
            RetransmitSynAck(nowMicros, output);
        if (decision.LeavesYoung)
            queue.RequestAged();
        request.NumTimeout = decision.NumTimeout;
        output.ArmTimer(TcpTimer.SynAck, nowMicros + decision.NextTimeoutMicros);
        return RequestTimerVerdict.Rearmed;
    }

    /// <summary>
    /// An ICMP error quoting a segment of this request (tcp_req_err): a quoted sequence other than snt_isn counts
    /// OutOfWindowIcmps; a hard error (<see cref="IcmpAbortsRequest"/>) removes the request and counts ListenDrops.
    /// Returns true when the request was removed.
    /// </summary>
    public bool OnIcmpError(SeqNum quotedSeq, bool abortsRequest, ITcpOutput output)
    {
        if (IsRemoved)
            return false;
        if (quotedSeq != _request.SntIsn)
        {
            _context.Mib.Increment(MibCounter.TcpExtOutOfWindowIcmps);
            return false;
        }
        if (!abortsRequest)
            return false;
        Release(output);
        _context.Mib.Increment(MibCounter.TcpExtListenDrops);
        return true;
    }

    /// <summary>
    /// tcp_v4_err's choice for a request: parameter problem (12), time exceeded (11) and destination unreachable
    /// with net (0) or host (1) unreachable abort it; anything else (port unreachable, fragmentation needed...) is
    /// ignored.
    /// </summary>
    public static bool IcmpAbortsRequest(byte type, byte code) =>
        type is 11 or 12 || (type == 3 && code is 0 or 1);

    /// <summary>tcp_reqsk_timeout: min(timeout &lt;&lt; num_timeout, tcp_rto_max_ms).</summary>
    private long CurrentTimeout() =>
        RequestTimerPolicy.Timeout(_request.TimeoutMicros, _request.NumTimeout, _context.Sysctls.TcpRtoMaxMs * 1000L);

    private void SendSynAck(long nowMicros, ITcpOutput output)
    {
        SynAckBuilder.Build(_request, nowMicros, _context, out var synAck);
        output.Transmit(synAck, default);
    }

    /// <summary>tcp_rtx_synack: the same SYN-ACK with a fresh TSval; RetransSegs, TCPSynRetrans, num_retrans.</summary>
    private void RetransmitSynAck(long nowMicros, ITcpOutput output)
    {
        SendSynAck(nowMicros, output);
        _context.Mib.Increment(MibCounter.TcpRetransSegs);
        _context.Mib.Increment(MibCounter.TcpExtTCPSynRetrans);
        _request.NumRetrans++;
    }

    /// <summary>
    /// tcp_v4_reqsk_send_ack: <c>ACK seq=snt_isn+1 ack=rcv_nxt</c>, window min(rsk_rcv_wnd, 65535) &gt;&gt;
    /// rcv_wscale, NOP,NOP,TS when ts_recent is non-zero (tcp_v4_send_ack adds TS only for a non-zero TSecr), sent
    /// through the control socket: DF, IP ID 0, default TTL, the segment's TOS without its ECN bits.
    /// </summary>
    private void SendAck(in TcpSegment segment, long nowMicros, ITcpOutput output) =>
        output.Transmit(ComposeAck(_request, _request.SntIsn + 1, segment.Tos, nowMicros, _context), default);

    /// <summary>
    /// The ACK tcp_v4_reqsk_send_ack sends for <paramref name="request"/>: seq is snt_isn + 1 for a request sock and
    /// the child's snd_nxt for a Fast Open child; the rest comes from the request.
    /// </summary>
    internal static OutSegment ComposeAck(RequestSockState request, SeqNum seq, byte segmentTos, long nowMicros,
        ListenerContext context)
    {
        var ack = new OutSegment
        {
            Tuple = request.Tuple,
            Seq = seq,
            Ack = request.RcvNxt,
            Flags = TcpFlags.Ack,
            Window = (ushort)(SynAckWindow(request) >> request.RcvWscale),
            Tos = (byte)(segmentTos & ~SynAckBuilder.EcnMask),
            Ttl = (byte)context.Sysctls.IpDefaultTtl,
            DontFragment = true,
            IpId = 0,
        };
        if (request.TsRecent != 0)
            ack.Options.Timestamps = new TcpTimestamps(SynAckBuilder.TimestampClock(nowMicros) + request.TsOffset, request.TsRecent);
        return ack;
    }

    /// <summary>tcp_v4_send_reset on behalf of the listener.</summary>
    private void SendReset(in TcpSegment segment, ITcpOutput output)
    {
        if (StatelessReset.TryBuild(segment, (byte)_context.Sysctls.IpDefaultTtl, out var reset))
            output.Transmit(reset, default);
    }

    /// <summary>The end of tcp_check_req's embryonic_reset: unlink the request and count EmbryonicRsts.</summary>
    private void EmbryonicReset(ITcpOutput output)
    {
        Release(output);
        _context.Mib.Increment(MibCounter.TcpExtEmbryonicRsts);
    }

    /// <summary>reqsk_queue_removed, guarded so that it happens once whatever path ends the request.</summary>
    private void Release(ITcpOutput? output)
    {
        if (IsRemoved)
            return;
        IsRemoved = true;
        output?.CancelTimer(TcpTimer.SynAck);
        _context.Queue.RequestRemoved(wasYoung: _request.NumTimeout == 0);
    }

    /// <summary>
    /// tcp_oow_rate_limited: at most one reply per tcp_invalid_ratelimit per request (last_oow_ack_time starts
    /// "never", so the first is always sent). Data without SYN is never limited: it cannot be part of an ACK loop.
    /// </summary>
    private bool OutOfWindowRateLimited(in TcpSegment segment, long nowMicros, MibCounter skippedCounter)
    {
        if (segment.Seq != segment.EndSeq && !segment.IsSyn)
            return false;
        var last = _request.LastOutOfWindowAckMicros;
        var now = Jiffies.FromMicros32(nowMicros);
        if (last != 0)
        {
            var elapsed = unchecked((int)(now - Jiffies.FromMicros32(last)));
            if (elapsed >= 0 && elapsed < MillisToJiffies(_context.Sysctls.TcpInvalidRatelimit))
            {
                _context.Mib.Increment(skippedCounter);
                return true;
            }
        }
        // 0 means "never" in the state, so a reply at exactly t = 0 is stored as 1 µs.
        _request.LastOutOfWindowAckMicros = Math.Max(nowMicros, 1);
        return false;
    }

    /// <summary>msecs_to_jiffies (rounding up), as the tcp_invalid_ratelimit sysctl handler stores it.</summary>
    private static long MillisToJiffies(int millis) => ((long)millis * Jiffies.Hz + 999) / 1000;

    /// <summary>tcp_synack_window: the request's window as checked and advertised, min(rsk_rcv_wnd, 65535).</summary>
    internal static uint SynAckWindow(RequestSockState request) => Math.Min(request.RcvWnd, ushort.MaxValue);

    /// <summary>
    /// tcp_in_window: seq at the left edge, or overlapping the window, or a zero-length segment at the right edge.
    /// </summary>
    internal static bool InWindow(SeqNum seq, SeqNum endSeq, SeqNum left, SeqNum right) =>
        seq == left || (SeqNum.After(endSeq, left) && SeqNum.Before(seq, right)) || (seq == right && seq == endSeq);

    /// <summary>
    /// tcp_paws_reject with the request's estimated stamp (now − current timeout, in seconds): reject an older TSval
    /// unless ts_recent is 0; an RST passes when the stamp is TCP_PAWS_MSL old. The 24-day wrap rule cannot apply
    /// because the stamp is at most tcp_rto_max old.
    /// </summary>
    private static bool PawsReject(uint tsRecent, uint tsVal, long timeoutMicros, bool rst)
    {
        if (unchecked((int)(tsRecent - tsVal)) <= 0 || tsRecent == 0)
            return false;
        return !(rst && timeoutMicros / 1_000_000 >= PawsMslSeconds);
    }
}
