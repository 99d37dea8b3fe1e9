using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>
    /// Queues <paramref name="data"/> for sending and transmits what the peer's window and the congestion window
    /// allow. Returns the bytes accepted (0 when the send buffer is full, or the socket cannot send).
    /// Mirrors tcp_sendmsg_locked / tcp_push (net/ipv4/tcp.c): the bytes fill skbs of up to the size goal, the
    /// unsent tail first; each skb that fills while more bytes follow is pushed at once — marked PSH and with Nagle
    /// off when write_seq has run half the peer's largest window past pushed_seq (forced_push), else alone when it
    /// is the send head (tcp_push_one), which leaves the rest of it as the tail the copy tops up again. At the end
    /// the tail skb gets PSH (tcp_mark_push) and tcp_write_xmit sends — unless <paramref name="more"/> (MSG_MORE):
    /// then the tail stays unmarked and a partial last segment waits as if corked (TCP_NAGLE_CORK for this push).
    /// </summary>
    /// <remarks>Autocorking (tcp_should_autocork) is not modelled.</remarks>
    /// <param name="eor">MSG_EOR: once the whole of <paramref name="data"/> is queued, its last skb takes no later bytes.</param>
    public int Send(ReadOnlySpan<byte> data, long nowMicros, ITcpOutput output, bool more = false, bool eor = false)
    {
        if (!CanSend) return 0;
        var accepted = _sendQueue.Write(data);
        if (accepted < data.Length) _writeBlocked = true;
        if (accepted == 0) return 0;
        var sizeGoal = SizeGoal();
        var remaining = accepted;
        while (true)
        {
            var copied = _unsentSkbs.AppendOnce(_sndNxt, _writeSeq, remaining, sizeGoal, firstCopy: remaining == accepted,
                out var full, out var entailed);
            if (entailed)
            {
                // tcp_skb_entail: a new skb ends a TCP_NAGLE_PUSH that TCP_NODELAY set.
                _naglePush = false;
                SlowStartAfterIdleCheck(nowMicros);
            }
            _writeSeq += copied;
            remaining -= copied;
            if (remaining == 0) break;
            if (!full) continue;
            if (_writeSeq > _pushedSeq + (int)(_maxWindow >> 1))
            {
                _unsentSkbs.MarkTailPush();
                _pushedSeq = _writeSeq;
                PushPendingFrames(nowMicros, output, nagleOff: true);
            }
            else if (_unsentSkbs.HeadIsTail)
            {
                PushPendingFrames(nowMicros, output, nagleOff: true, pushOne: true);
            }
        }
        // "if (!msg_data_left(msg)) { if (unlikely(flags & MSG_EOR)) TCP_SKB_CB(skb)->eor = 1; ...": only a write
        // that fit whole ends its record here (a partly accepted one is continued by the caller).
        if (eor && accepted == data.Length) _unsentSkbs.MarkTailEor();
        // tcp_push: "if (!(flags & MSG_MORE) || forced_push(tp)) tcp_mark_push(tp, skb)".
        if (!more || _writeSeq > _pushedSeq + (int)(_maxWindow >> 1))
        {
            _unsentSkbs.MarkTailPush();
            _pushedSeq = _writeSeq;
        }
        PushPendingFrames(nowMicros, output, corked: more);
        return accepted;
    }

    /// <summary>
    /// Mirrors tcp_slow_start_after_idle_check (include/net/tcp.h), which tcp_skb_entail runs for every new skb:
    /// with nothing in flight and no transmission for longer than the RTO, the congestion window restarts
    /// (tcp_slow_start_after_idle, RFC 2861).
    /// </summary>
    private void SlowStartAfterIdleCheck(long nowMicros)
    {
        if (_settings.Sysctls.TcpSlowStartAfterIdle == 0 || PacketsOut != 0) return;
        var delta = unchecked((int)(Jiffies.FromMicros32(nowMicros) - _lsndTimeJiffies));
        var rto = (int)Jiffies.FromMicros32(_rtoMicros);
        if (delta > rto) CwndRestart(delta, rto);
    }

    /// <summary>
    /// Mirrors tcp_cwnd_restart (net/ipv4/tcp_output.c): ssthresh keeps three quarters of the old window
    /// (tcp_current_ssthresh), and cwnd halves once per RTO of idleness, down to the initial window at most.
    /// </summary>
    private void CwndRestart(int delta, int rto)
    {
        var restart = Math.Min(InitialCongestionWindow, _cwnd.Cwnd);
        var cwnd = _cwnd.Cwnd;
        _cc.CwndEvent(CongestionEvent.CwndRestart, 0, 0);
        _cwnd.Ssthresh = CurrentSsthresh();
        while ((delta -= rto) > 0 && cwnd > restart) cwnd >>= 1;
        _cwnd.Cwnd = Math.Max(cwnd, restart);
    }

    /// <summary>
    /// Copies in-order received data into <paramref name="destination"/> and consumes it (tcp_recvmsg). Sends nothing:
    /// use <see cref="Read(Span{byte}, long, ITcpOutput)"/> to let the core announce the reopened window.
    /// </summary>
    public int Read(Span<byte> destination)
    {
        var n = _receiveQueue.Read(destination);
        _copiedSeq += n;
        return n;
    }

    /// <summary>
    /// <see cref="Read(Span{byte})"/> followed by tcp_cleanup_rbuf: an ACK goes out at once when a pushed
    /// segment has been read completely outside interactive mode, or when the window can now be at least doubled.
    /// </summary>
    public int Read(Span<byte> destination, long nowMicros, ITcpOutput output)
    {
        var n = Read(destination);
        if (n > 0) CleanupRbuf(n, nowMicros, output);
        return n;
    }

    /// <summary>
    /// tcp_cleanup_rbuf after <paramref name="copied"/> bytes were taken with <see cref="Read(Span{byte})"/>, possibly
    /// in several pieces: what one recvmsg of them all would do (an ACK or window update if due).
    /// </summary>
    public void CleanupAfterRead(int copied, long nowMicros, ITcpOutput output)
    {
        if (copied > 0) CleanupRbuf(copied, nowMicros, output);
    }

    /// <summary>Mirrors tcp_cleanup_rbuf (net/ipv4/tcp.c).</summary>
    private void CleanupRbuf(int copied, long nowMicros, ITcpOutput output)
    {
        if (_state == TcpState.Close) return;
        var timeToAck = false;
        if (_ackScheduled)
        {
            // The once-per-two-segments ACK was not sent, or this read emptied the queue of a pushed (small) segment
            // outside interactive mode.
            if ((_rcvNxt - _rcvWup) > _rcvMss
                || ((_ackPushed2 || (_ackPushed && !PingPong)) && _receiveQueue.Count == 0))
                timeToAck = true;
        }
        // A window update when the window has been closing and can now grow to twice its size.
        if (copied > 0 && !timeToAck && !_rcvShutdown)
        {
            var now = ReceiveWindow();
            if (2 * now <= _windowClamp)
            {
                var next = SelectWindowRaw();
                if (next != 0 && next >= 2 * now) timeToAck = true;
            }
        }
        if (timeToAck) SendAck(nowMicros, output);
    }

    /// <summary>
    /// A timer the core armed has fired. Mirrors tcp_write_timer_handler's ICSK_TIME_RETRANS case
    /// (tcp_retransmit_timer) for the SYN / crossed-SYN SYN-ACK, and tcp_delack_timer_handler.
    /// </summary>
    public void OnTimer(TcpTimer timer, long nowMicros, ITcpOutput output)
    {
        if (_state == TcpState.Close) return;
        switch (timer)
        {
            case TcpTimer.Retransmit:
                if (_fastOpenRequest is not null) FastOpenSynAckTimer(nowMicros, output);
                else RetransmitTimer(nowMicros, output);
                break;
            case TcpTimer.DelayedAck:
                DelackTimer(nowMicros, output);
                break;
            case TcpTimer.FinWait2:
                FinWait2Timer(nowMicros, output);
                break;
            case TcpTimer.ZeroWindowProbe:
                ProbeTimer(nowMicros, output);
                break;
            case TcpTimer.LossProbe:
                SendLossProbe(nowMicros, output);
                break;
            case TcpTimer.ReorderTimeout:
                RackReoTimeout(nowMicros, output);
                break;
            case TcpTimer.Keepalive:
                KeepaliveTimer(nowMicros, output);
                break;
        }
    }

    /// <summary>
    /// Mirrors tcp_retransmit_timer (net/ipv4/tcp_timer.c) while the rtx queue head is our SYN (or SYN-ACK):
    /// TCPTimeouts, tcp_write_timeout, then resend and back off. In SYN_SENT the first tcp_syn_linear_timeouts
    /// expiries keep the RTO at 1 s (Linux ≥ 6.5), and they are granted on top of tcp_syn_retries, so the default
    /// schedule is SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s and ETIMEDOUT at 131 s.
    /// </summary>
    private void RetransmitTimer(long nowMicros, ITcpOutput output)
    {
        if (!_synAckPending)
        {
            RetransmitHead(nowMicros, output);
            return;
        }
        _mib.Increment(MibCounter.TcpExtTCPTimeouts);
        if (WriteTimeout(nowMicros))
        {
            WriteError(output);
            return;
        }
        // tcp_enter_loss marks the undo point; tcp_update_rto_stats.
        _retransmits++;
        _totalRto++;
        if (_state == TcpState.SynSent) SendSyn(nowMicros, output);
        else SendSynAck(nowMicros, output);
        _totalRetrans++;
        _mib.Increment(MibCounter.TcpRetransSegs);
        _mib.Increment(MibCounter.TcpExtTCPSynRetrans);
        if (_state != TcpState.SynSent || _totalRto > _settings.Sysctls.TcpSynLinearTimeouts)
        {
            _backoff++;
            _rtoMicros = Math.Min(_rtoMicros << 1, _settings.Sysctls.TcpRtoMaxMs * 1000L);
        }
        output.ArmTimer(TcpTimer.Retransmit, nowMicros + ClampRtoToUserTimeout(nowMicros));
    }

    /// <summary>
    /// Mirrors tcp_write_timeout for SYN_SENT / SYN_RECV: expired when icsk_retransmits reaches the retry limit
    /// (TCP_SYNCNT, else tcp_syn_retries; plus tcp_syn_linear_timeouts in SYN_SENT) or when retransmits_timed_out
    /// finds that the time since the first SYN exceeds what retry_until exponential backoffs from 1 s would take.
    /// </summary>
    private bool WriteTimeout(long nowMicros)
    {
        var sysctls = _settings.Sysctls;
        var retryUntil = _settings.Options.SynCount is int count && count > 0 ? count : sysctls.TcpSynRetries;
        var maxRetransmits = retryUntil;
        if (_state == TcpState.SynSent) maxRetransmits += sysctls.TcpSynLinearTimeouts;
        if (_retransmits >= maxRetransmits) return true;
        return RetransmitsTimedOut(retryUntil, TimeoutInitMicros / 1000, nowMicros);
    }

    /// <summary>Mirrors tcp_model_timeout: the time <paramref name="boundary"/> doubling timeouts from rto_base take,
    /// counting each one past the cap at rto_max.</summary>
    private static long ModelTimeoutMs(int boundary, long rtoBaseMs, long rtoMaxMs)
    {
        var threshold = System.Numerics.BitOperations.Log2((ulong)(rtoMaxMs / rtoBaseMs));
        return boundary <= threshold
            ? ((2L << boundary) - 1) * rtoBaseMs
            : ((2L << threshold) - 1) * rtoBaseMs + (boundary - threshold) * rtoMaxMs;
    }

    /// <summary>Mirrors tcp_delack_timer_handler: a missed delayed ACK inflates ATO (or ends interactive mode), then ACK.</summary>
    private void DelackTimer(long nowMicros, ITcpOutput output)
    {
        if (!_ackTimerArmed) return;
        var now = Jiffies.FromMicros32(nowMicros);
        if (unchecked((int)(_ackTimeoutJiffies - now)) > 0)
        {
            output.ArmTimer(TcpTimer.DelayedAck, Jiffies.ToMicros(_ackTimeoutJiffies, nowMicros));
            return;
        }
        _ackTimerArmed = false;
        if (!_ackScheduled) return;
        if (!PingPong)
        {
            _atoJiffies = Math.Min(_atoJiffies << 1, (uint)(_rtoMicros / Jiffies.MicrosPerJiffy));
        }
        else
        {
            _pingpong = 0;
            _atoJiffies = AtoMinJiffies;
        }
        SendAck(nowMicros, output);
        _mib.Increment(MibCounter.TcpExtDelayedACKs);
    }

    /// <summary>
    /// Mirrors tcp_disconnect (net/ipv4/tcp.c), the ABORT of RFC 793, as used for a listener's un-accepted children
    /// (inet_child_forget) and SO_LINGER 0: CLOSE first, then, in the states tcp_need_reset names (ESTABLISHED,
    /// SYN_RECV, CLOSE_WAIT, FIN_WAIT1/2), an RST|ACK at tcp_acceptable_seq with ack = rcv_nxt and the socket's own
    /// receive window (scaled) and timestamps (tcp_send_active_reset). Leaving ESTABLISHED/CLOSE_WAIT counts
    /// EstabResets. tcp_disconnect counts nothing else: tcp_close adds TCPAbortOnData for SO_LINGER 0 and
    /// TCPAbortOnClose for unread data, so the caller that knows why counts those.
    /// </summary>
    public void Abort(long nowMicros, ITcpOutput output)
    {
        var oldState = _state;
        if (oldState == TcpState.Close) return;
        SetState(TcpState.Close);
        if (oldState is TcpState.Established or TcpState.SynRecv or TcpState.CloseWait or TcpState.FinWait1 or TcpState.FinWait2)
            SendActiveReset(nowMicros, output);
        _sendQueue.Discard(_sendQueue.Count);
        _rtx.Clear();
        _receiveQueue.Discard(_receiveQueue.Count);
        ClearTimers(output);
        output.Notify(TcpSocketEvent.Closed);
    }

    // ------------------------------------------------------------------------------------------------
    // Segment construction (tcp_transmit_skb)
    // ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Our SYN. Mirrors tcp_transmit_skb with tcp_syn_options: MSS (tcp_advertise_mss), then TS (with SACK-permitted
    /// folded in front when tcp_sack is on), or SACK-permitted alone, then NOP + WS; each as its sysctl allows.
    /// The window of a SYN is min(rcv_wnd, 65535), never scaled.
    /// </summary>
    private void SendSyn(long nowMicros, ITcpOutput output)
    {
        var segment = BaseSegment(TcpFlags.Syn, _iss);
        segment.Ack = default;
        segment.Window = (ushort)Math.Min(_rcvWnd, ushort.MaxValue);
        segment.Options = SynOptions(nowMicros);
        output.Transmit(segment, default);
        _synSentMicros = nowMicros;
    }

    /// <summary>
    /// The SYN-ACK of crossed SYNs. Mirrors tcp_send_synack: the SYN in the rtx queue gains ACK and is sent again,
    /// so it carries our ISN, tcp_syn_options (decided by the sysctls, as in our SYN) and ack = rcv_nxt.
    /// </summary>
    private void SendSynAck(long nowMicros, ITcpOutput output)
    {
        var segment = BaseSegment(TcpFlags.Syn | TcpFlags.Ack, _iss);
        segment.Window = (ushort)Math.Min(_rcvWnd, ushort.MaxValue);
        segment.Options = SynOptions(nowMicros);
        output.Transmit(segment, default);
        EventAckSent(output);
    }

    private TcpOptionSet SynOptions(long nowMicros)
    {
        var sysctls = _settings.Sysctls;
        var options = new TcpOptionSet { Mss = (ushort)_advMss };
        if (sysctls.TcpTimestamps != 0) options.Timestamps = new TcpTimestamps(TsVal(nowMicros), _tsRecent);
        if (sysctls.TcpWindowScaling != 0) options.WindowScale = _rcvWscale;
        if (sysctls.TcpSack != 0) options.SackPermitted = true;
        return options;
    }

    /// <summary>
    /// Mirrors tcp_send_ack: a pure ACK at tcp_acceptable_seq, with the window from tcp_select_window and the
    /// established options (TS, and a pending D-SACK block).
    /// </summary>
    private void SendAck(long nowMicros, ITcpOutput output)
    {
        if (_state == TcpState.Close) return;
        var segment = Header(TcpFlags.Ack, AcceptableSeq(), nowMicros);
        output.Transmit(segment, default);
        EventAckSent(output);
    }

    /// <summary>A non-SYN segment: ack = rcv_nxt, the selected window, established options.</summary>
    private OutSegment Header(TcpFlags flags, SeqNum seq, long nowMicros)
    {
        var segment = BaseSegment(flags, seq);
        segment.Window = SelectWindow();
        segment.Options = EstablishedOptions(nowMicros);
        return segment;
    }

    /// <summary>
    /// The headers every segment of this socket shares. IP ID: a connected socket numbers its own packets from inet_id
    /// (ip_select_ident_segs), one per segment, unlike the control socket's replies, which carry 0 with DF.
    /// </summary>
    private OutSegment BaseSegment(TcpFlags flags, SeqNum seq) => new()
    {
        Tuple = Tuple,
        Seq = seq,
        Ack = (flags & TcpFlags.Ack) != 0 ? _rcvNxt : default,
        Flags = flags,
        Tos = _settings.Tos,
        Ttl = _settings.Ttl,
        // ip_dont_fragment: IP_MTU_DISCOVER when set, else the ip_no_pmtu_disc default.
        DontFragment = _settings.Options.PathMtuDiscovery is { } discovery ? discovery != 0 : _settings.Sysctls.IpNoPmtuDisc == 0,
        IpId = _inetId++,
    };

    /// <summary>Mirrors tcp_established_options: TS when negotiated, the D-SACK block once, then the SACK blocks.</summary>
    private TcpOptionSet EstablishedOptions(long nowMicros)
    {
        var options = default(TcpOptionSet);
        if (_tstampOk) options.Timestamps = new TcpTimestamps(TsVal(nowMicros), _tsRecent);
        // tcp_established_options: the blocks that fit after TS (3 with it, 4 without), the D-SACK first.
        var room = ((_tstampOk ? 40 - TimestampAligned : 40) - 4) / 8;
        if (_dsackPending)
        {
            options.AddSackBlock(_dsackStart, _dsackEnd);
            _dsackPending = false;
            room--;
        }
        var sacks = Math.Min(room, _outOfOrderQueue?.SackBlockCount ?? 0);
        for (var i = 0; i < sacks; i++)
        {
            var block = _outOfOrderQueue!.SackBlock(i);
            options.AddSackBlock(block.Start, block.End);
        }
        return options;
    }

    /// <summary>tcp_acceptable_seq: snd_nxt, unless the peer's window has shrunk below it.</summary>
    private SeqNum AcceptableSeq()
    {
        var windowEnd = _sndUna + (int)_sndWnd;
        if (windowEnd >= _sndNxt || (_wscaleOk && (_sndNxt - windowEnd) < (1 << _rcvWscale))) return _sndNxt;
        return windowEnd;
    }

    /// <summary>Mirrors tcp_event_ack_sent: one quick ACK used up, the delayed ACK cancelled.</summary>
    private void EventAckSent(ITcpOutput output)
    {
        if (_quick != 0)
        {
            var packets = _ackScheduled ? 1 : 0;
            if (packets >= _quick)
            {
                _quick = 0;
                _atoJiffies = AtoMinJiffies;
            }
            else
            {
                _quick -= packets;
            }
        }
        if (_ackTimerArmed) output.CancelTimer(TcpTimer.DelayedAck);
        _ackTimerArmed = false;
        _ackScheduled = _ackNow = _ackPushed = _ackPushed2 = _ackNoMem = false;
    }

    /// <summary>
    /// Mirrors tcp_select_window (net/ipv4/tcp_output.c): never shrink what was offered, remember the offer in
    /// rcv_wnd / rcv_wup, and scale it by rcv_wscale; a zero window after a failed receive-memory charge
    /// (ICSK_ACK_NOMEM); TCPWantZeroWindowAdv / TCPToZeroWindowAdv / TCPFromZeroWindowAdv.
    /// </summary>
    private ushort SelectWindow()
    {
        var oldWindow = _rcvWnd;
        if (_ackNoMem)
        {
            // "Make the window 0 if we failed to queue the data because we are out of memory."
            _rcvWnd = 0;
            _rcvWup = _rcvNxt;
            return 0;
        }
        var current = ReceiveWindow();
        var next = SelectWindowRaw();
        if (next < current)
        {
            // Never shrink the offered window (tcp_shrink_window = 0).
            if (next == 0) _mib.Increment(MibCounter.TcpExtTCPWantZeroWindowAdv);
            var unit = 1u << _rcvWscale;
            next = (current + unit - 1) & ~(unit - 1);
        }
        _rcvWnd = next;
        _rcvWup = _rcvNxt;
        if (_rcvWscale == 0 && _settings.Sysctls.TcpWorkaroundSignedWindows != 0)
            next = Math.Min(next, InitialWindow.MaxSignedWindow);
        else
            next = (uint)Math.Min(next, (ulong)ushort.MaxValue << _rcvWscale);
        var advertised = (ushort)(next >> _rcvWscale);
        if (advertised == 0)
        {
            if (oldWindow != 0) _mib.Increment(MibCounter.TcpExtTCPToZeroWindowAdv);
        }
        else if (oldWindow == 0)
        {
            _mib.Increment(MibCounter.TcpExtTCPFromZeroWindowAdv);
        }
        return advertised;
    }

    /// <summary>
    /// Mirrors __tcp_select_window: the free space (capped by rcv_ssthresh), aligned to the scale unit, or, without
    /// scaling, kept at rcv_wnd while within one MSS of the free space and otherwise rounded down to a multiple of it.
    /// </summary>
    private uint SelectWindowRaw()
    {
        var mss = _rcvMss;
        var freeSpace = Space();
        var allowedSpace = InitialWindow.FullSpace(_rcvBuf);
        var fullSpace = (int)Math.Min(_windowClamp, (uint)allowedSpace);
        if (mss > fullSpace)
        {
            mss = fullSpace;
            if (mss <= 0) return 0;
        }
        if (freeSpace < fullSpace >> 1)
        {
            _quick = 0;
            freeSpace &= ~((1 << _rcvWscale) - 1);
            if (freeSpace < allowedSpace >> 4 || freeSpace < mss) return 0;
        }
        if (freeSpace > _rcvSsthresh) freeSpace = (int)_rcvSsthresh;
        if (_rcvWscale != 0)
        {
            var unit = 1 << _rcvWscale;
            return (uint)((freeSpace + unit - 1) & ~(unit - 1));
        }
        var window = (int)_rcvWnd;
        if (window <= freeSpace - mss || window > freeSpace)
            window = freeSpace / mss * mss;
        else if (mss == fullSpace && freeSpace > window + (fullSpace >> 1))
            window = freeSpace;
        return (uint)window;
    }

    /// <summary>
    /// tcp_xmit_recovery then tcp_data_snd_check: lost segments first, then what became sendable after an ACK. When
    /// F-RTO asked for new data (REXMIT_NEW), new data goes first, and retransmissions only if none could.
    /// </summary>
    private void DataSendCheck(long nowMicros, ITcpOutput output)
    {
        if (_rexmitNew)
        {
            _rexmitNew = false;
            PushPendingFrames(nowMicros, output, nagleOff: true);
            if (_sndNxt > _highSeq)
            {
                if (_sendQueue.Count > _sndNxt - _sndUna || (_finQueued && !_finSent)) PushPendingFrames(nowMicros, output);
                return;
            }
            _frto = false;
        }
        XmitRetransmitQueue(nowMicros, output);
        if (_sendQueue.Count > _sndNxt - _sndUna || (_finQueued && !_finSent)) PushPendingFrames(nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_write_xmit (net/ipv4/tcp_output.c) through __tcp_push_pending_frames, skb by skb of the write
    /// queue (<see cref="UnsentSkbs"/>): the skb's first segment must fit the peer's window (tcp_snd_wnd_test), the
    /// congestion window must have room (tcp_cwnd_test), a one-segment tail that is not full waits while Nagle
    /// (Minshall's variant) or the cork holds it unless the push comes from tcp_send_fin or a loss probe
    /// (TCP_NAGLE_OFF/PUSH); a larger skb leaves as GSO packets of at most tcp_tso_segs segments and half of cwnd,
    /// cut by tcp_mss_split_point. A queued FIN rides on the tail skb; a FIN alone needs one byte of window but
    /// ignores the congestion window. <paramref name="pushOne"/> (tcp_push_one, push_one = 1) and
    /// <paramref name="lossProbe"/> (push_one = 2, which cwnd cannot stop) send one packet at most. Afterwards: a
    /// loss probe is scheduled when something went out (unless this is the probe itself), and when nothing is in
    /// flight but data waits, the zero-window probe timer starts (tcp_check_probe_timer).
    /// </summary>
    /// <remarks>tcp_tso_should_defer (holding back a GSO packet the windows would cut short) is not modelled.</remarks>
    private void PushPendingFrames(long nowMicros, ITcpOutput output, bool nagleOff = false, bool pushOne = false, bool lossProbe = false,
        bool corked = false)
    {
        if (_state == TcpState.Close) return;
        var sent = WriteXmit(nowMicros, output, nagleOff, pushOne || lossProbe, lossProbe, corked);
        if (sent > 0)
        {
            if (!lossProbe) ScheduleLossProbe(advancingRto: false, nowMicros, output);
            return;
        }
        if (_rtx.Count == 0 && HasUnsent) CheckProbeTimer(nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_nagle_check for a partial last segment: TCP_CORK (or MSG_MORE on this write) holds it; otherwise
    /// Nagle (unless TCP_NODELAY) holds it while a small segment is unacknowledged (Minshall's variant). A
    /// TCP_NAGLE_PUSH left by setting TCP_NODELAY lets it go even when corked, until the next skb is queued; a
    /// MSG_MORE push (<paramref name="corked"/>) passes TCP_NAGLE_CORK instead of tp->nonagle, so it always holds.
    /// </summary>
    private bool NagleHolds(bool corked = false) =>
        corked || (!_naglePush && (_settings.Options.Cork || (!_settings.Options.NoDelay && _rtx.Count > 0 && MinshallCheck())));

    private bool _naglePush;    // TCP_NAGLE_PUSH in tp->nonagle: set by TCP_NODELAY, cleared by the next new skb

    /// <summary>The sending loop of tcp_write_xmit; returns the segments sent.</summary>
    private int WriteXmit(long nowMicros, ITcpOutput output, bool nagleOff, bool pushOne, bool lossProbe, bool corked)
    {
        if (_finSent) return 0;
        var sentCount = 0;
        var maxSegs = TsoSegs();
        while (true)
        {
            // Only what the copy loop has put into skbs can go: Send pushes while it is still copying.
            var unsent = _unsentSkbs.Count > 0 ? UnsentBytes : 0;
            var room = WindowEnd - _sndNxt;
            if (unsent <= 0)
            {
                if (_finQueued && room >= 1)
                {
                    SendBareFin(nowMicros, output);
                    sentCount++;
                }
                return sentCount;
            }
            var mss = _mssCache;
            var skbLength = Math.Min(_unsentSkbs.HeadEnd - _sndNxt, unsent);
            var isTail = _unsentSkbs.HeadIsTail;
            var fin = isTail && _finQueued;
            var tsoSegs = (skbLength + mss - 1) / mss;

            // tcp_cwnd_test: a one-segment skb carrying the FIN is not held by cwnd.
            var quota = tsoSegs == 1 && fin ? 1 : CwndQuota(lossProbe);
            if (quota == 0)
            {
                CwndValidate(cwndLimited: true);
                return sentCount;
            }
            // tcp_snd_wnd_test: the skb's first segment (the FIN with it when the skb is a single segment) must fit.
            if ((skbLength <= mss ? skbLength + (fin ? 1 : 0) : mss) > room) return sentCount;

            int packetLength;
            if (tsoSegs == 1)
            {
                // tcp_nagle_test: only the tail can be held, and a FIN is never held.
                if (skbLength < mss && isTail && !fin && !nagleOff && NagleHolds(corked)) return sentCount;
                packetLength = skbLength;
            }
            else
            {
                packetLength = MssSplitPoint(skbLength, room, isTail, Math.Min(quota, maxSegs), nagleOff, corked);
            }
            var endsSkb = packetLength == skbLength;
            var skbPush = _unsentSkbs.HeadPush;
            var packetSegments = (packetLength + mss - 1) / mss;
            for (var i = 0; i < packetSegments; i++)
            {
                var length = Math.Min(mss, packetLength - i * mss);
                var lastOfPacket = i == packetSegments - 1;
                var push = lastOfPacket && endsSkb && skbPush;
                TransmitNewData(length, push, lastOfPacket && endsSkb && fin, nowMicros, output,
                    gsoPush: lastOfPacket && packetSegments > 1, packetEnd: lastOfPacket);
                sentCount++;
            }
            CwndValidate(_rtx.InFlight >= _cwnd.Cwnd);
            if ((endsSkb && fin) || pushOne) return sentCount;
        }
    }

    /// <summary>
    /// One new segment of <paramref name="length"/> bytes from snd_nxt (tcp_transmit_skb + tcp_event_new_data_sent):
    /// it joins the rtx queue and advances snd_nxt. <paramref name="psh"/> is the skb's own PSH (tcp_mark_push, a
    /// probe), kept for retransmissions; <paramref name="gsoPush"/> the one __tcp_transmit_skb forces on the last
    /// segment of a GSO packet, which only this transmission carries (<paramref name="packetEnd"/> remembers where the
    /// packet ended, for retransmissions); FIN marks our last byte.
    /// </summary>
    private void TransmitNewData(int length, bool psh, bool fin, long nowMicros, ITcpOutput output, bool gsoPush = false, bool packetEnd = true)
    {
        Span<byte> buffer = stackalloc byte[Math.Min(Math.Max(_mssCache, 1), 65535)];
        var offset = _sndNxt - _sndUna;
        var payload = buffer[.._sendQueue.Peek(offset, buffer[..length])];
        var flags = TcpFlags.Ack;
        if (psh || gsoPush) flags |= TcpFlags.Psh;
        if (fin) flags |= TcpFlags.Fin;
        var segment = Header(flags, _sndNxt, nowMicros);
        TxStart(nowMicros);
        output.Transmit(segment, payload);
        EventAckSent(output);
        if (length > 0) EventDataSent(nowMicros);
        var marks = (psh ? RetransmitQueue.Marks.Psh : 0) | (fin ? RetransmitQueue.Marks.Fin : 0)
            | (packetEnd ? RetransmitQueue.Marks.GsoEnd : 0);
        _rtx.Append(_sndNxt, _sndNxt + length + (fin ? 1 : 0), marks, XmitStamp(nowMicros), _delivered);
        _sndNxt += length + (fin ? 1 : 0);
        _unsentSkbs.Consume(_sndNxt);
        if (length < _mssCache) _sndSml = _sndNxt;
        _mib.Increment(MibCounter.TcpExtTCPOrigDataSent);
        EventNewDataSent(nowMicros, output);
        if (fin) _finSent = true;
    }

    /// <summary>Our FIN in a segment of its own: all data had been sent when tcp_send_fin ran.</summary>
    private void SendBareFin(long nowMicros, ITcpOutput output) => TransmitNewData(0, psh: false, fin: true, nowMicros, output);

    /// <summary>
    /// The timer part of tcp_event_new_data_sent: the segment counts towards PRR's prr_out during a window
    /// reduction, and the retransmission timer starts when nothing was outstanding or a loss probe was pending
    /// (tcp_rearm_rto).
    /// </summary>
    private void EventNewDataSent(long nowMicros, ITcpOutput output)
    {
        if (_caState is CongestionState.Recovery or CongestionState.Cwr) _prrOut++;
        if (_rtx.Count == 1 || _pending == XmitTimer.LossProbe) RearmRto(nowMicros, output);
    }

    /// <summary>
    /// The CA_EVENT_TX_START of __tcp_transmit_skb (a transmission with nothing in flight, after idle) and lsndtime.
    /// </summary>
    private void TxStart(long nowMicros)
    {
        var now = Jiffies.FromMicros32(nowMicros);
        if (_rtx.InFlight == 0) _cc.CwndEvent(CongestionEvent.TxStart, now, _lsndTimeJiffies);
        _lsndTimeJiffies = now;
    }

    /// <summary>
    /// Mirrors tcp_retransmit_timer (net/ipv4/tcp_timer.c) for a synchronized socket. A peer that shrank its window
    /// to zero under data in flight gets the head as a window probe, without TCPTimeouts or tcp_write_timeout, and
    /// is given up on only after TCP_RTO_MAX without any ACK. Otherwise: TCPTimeouts, tcp_write_timeout
    /// (tcp_retries2, tcp_orphan_retries for an orphan, or TCP_USER_TIMEOUT: ETIMEDOUT), tcp_enter_loss (every
    /// un-SACKed segment lost, cwnd one segment), tcp_retransmit_skb of the rtx queue head, exponential backoff up to
    /// tcp_rto_max, and the timer again — no later than TCP_USER_TIMEOUT allows (tcp_clamp_rto_to_user_timeout).
    /// The rest of the flight follows as ACKs open the window (tcp_xmit_retransmit_queue).
    /// </summary>
    private void RetransmitHead(long nowMicros, ITcpOutput output)
    {
        if (_pending != XmitTimer.Retrans) return;
        _pending = XmitTimer.None;
        if (_sndUna == _sndNxt || _rtx.Count == 0) return;
        _tlpHighSeqSet = false;
        if (_sndWnd == 0 && !_orphaned)
        {
            if (unchecked(Jiffies.FromMicros32(nowMicros) - _rcvTstamp) > RtoMaxMicros / Jiffies.MicrosPerJiffy)
            {
                WriteError(output);
                return;
            }
            EnterLoss(nowMicros);
            RetransmitSegment(0, nowMicros, output);
        }
        else
        {
            _mib.Increment(MibCounter.TcpExtTCPTimeouts);
            if (EstablishedWriteTimeout(nowMicros))
            {
                WriteError(output);
                return;
            }
            EnterLoss(nowMicros);
            _retransmits++;
            _totalRto++;
            RetransmitSegment(0, nowMicros, output);
            _backoff++;
        }
        _rtoMicros = Math.Min(_rtoMicros << 1, RtoMaxMicros);
        ResetXmitTimer(XmitTimer.Retrans, ClampRtoToUserTimeout(nowMicros), RtoMaxMicros, nowMicros, output);
    }

    /// <summary>
    /// tcp_write_timeout outside the handshake: expired when the time since the first retransmission exceeds what
    /// tcp_retries2 (15) doubling timeouts from TCP_RTO_MIN take — or TCP_USER_TIMEOUT when set
    /// (retransmits_timed_out); an orphan gets tcp_orphan_retries instead, which tcp_orphan_retries turns from 0 into
    /// 8 while the RTO is below tcp_rto_max.
    /// </summary>
    private bool EstablishedWriteTimeout(long nowMicros)
    {
        var sysctls = _settings.Sysctls;
        var retryUntil = sysctls.TcpRetries2;
        if (_orphaned) retryUntil = OrphanRetries(alive: _rtoMicros < RtoMaxMicros);
        return RetransmitsTimedOut(retryUntil, RtoMinMicros / 1000, nowMicros);
    }

    /// <summary>
    /// Mirrors retransmits_timed_out: never before the first retransmission; then the time since retrans_stamp
    /// against TCP_USER_TIMEOUT, or against tcp_model_timeout of <paramref name="boundary"/> backoffs.
    /// </summary>
    private bool RetransmitsTimedOut(int boundary, long rtoBaseMs, long nowMicros)
    {
        if (_retransmits == 0) return false;
        var timeoutMs = UserTimeoutMs != 0 ? UserTimeoutMs : ModelTimeoutMs(boundary, rtoBaseMs, _settings.Sysctls.TcpRtoMaxMs);
        return unchecked((int)(NowMs(nowMicros) - _retransStamp - (uint)timeoutMs)) >= 0;
    }

    /// <summary>tcp_minshall_check: a small segment is still unacknowledged.</summary>
    private bool MinshallCheck() => _sndSml > _sndUna && _sndSml <= _sndNxt;

    /// <summary>
    /// Mirrors tcp_event_data_sent: replying within ATO of the last received segment counts towards interactive
    /// (pingpong) mode, which ends quick ACKs.
    /// </summary>
    private void EventDataSent(long nowMicros)
    {
        var now = Jiffies.FromMicros32(nowMicros);
        if (unchecked(now - _lrcvTimeJiffies) < _atoJiffies && _pingpong < byte.MaxValue) _pingpong++;
    }
}
