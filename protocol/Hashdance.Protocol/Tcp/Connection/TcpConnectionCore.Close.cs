using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>TCP_FIN_TIMEOUT_MAX: TCP_LINGER2 is capped at 120 s.</summary>
    private const int FinTimeoutMaxSeconds = 120;

    /// <summary>TCP_RTO_MIN (HZ / 5): the rto_base of retransmits_timed_out outside the handshake.</summary>
    private const long RtoMinMicros = 200_000;

    // --- close (sk_shutdown, SOCK_DEAD and the FIN at the tail of the write queue) ---
    private bool _finQueued;      // tcp_send_fin ran: write_seq counts the FIN
    private bool _finSent;        // the FIN has been transmitted: snd_nxt counts it
    private bool _sendShutdown;   // SEND_SHUTDOWN
    private bool _userReadShutdown; // RCV_SHUTDOWN set by shutdown(SHUT_RD) or close()
    private bool _orphaned;       // SOCK_DEAD: close() was called, nobody reads any more
    private bool _finWait2TimerArmed; // sk_timer armed for an orphan in FIN_WAIT2
    private TimeWaitCore? _timeWait;

    /// <summary>close() was called (SOCK_DEAD): the socket finishes its close on its own.</summary>
    public bool Orphaned => _orphaned;

    /// <summary>Our FIN is queued (shutdown(SHUT_WR) or close()).</summary>
    public bool FinQueued => _finQueued;

    /// <summary>SEND_SHUTDOWN: shutdown(SHUT_WR) or close() was called, or our FIN was acknowledged.</summary>
    public bool SendShutdown => _sendShutdown;

    /// <summary>RCV_SHUTDOWN: the peer's FIN arrived, or the user shut reading down.</summary>
    public bool ReadShutdown => _rcvShutdown || _userReadShutdown;

    /// <summary>
    /// The TIME_WAIT (or orphaned FIN_WAIT2) entry that took over this connection's 4-tuple when it closed, once;
    /// the shell must put it in the ehash in place of the socket. Null when the connection did not end that way.
    /// </summary>
    public TimeWaitCore? TakeTimeWait()
    {
        var entry = _timeWait;
        _timeWait = null;
        return entry;
    }

    /// <summary>
    /// close(). Mirrors __tcp_close (net/ipv4/tcp.c): unread data is thrown away and answered with an RST|ACK
    /// (TCPAbortOnClose); SO_LINGER {1, 0} aborts with tcp_disconnect (TCPAbortOnData); otherwise tcp_close_state
    /// picks the next state and tcp_send_fin queues our FIN after the pending data. The socket is then an orphan: an
    /// orphan reaching FIN_WAIT2 becomes a FIN_WAIT2 TIME_WAIT entry (tcp_fin_time), or an RST with TCP_LINGER2 &lt; 0.
    /// <see cref="TcpSocketEvent.Closed"/> is raised when the TCB is gone (now, or later in LAST_ACK/CLOSING/...).
    /// </summary>
    public void Close(long nowMicros, ITcpOutput output)
    {
        if (_orphaned) return;
        _userReadShutdown = _sendShutdown = true;
        var unread = _receiveQueue.Count;
        _receiveQueue.Discard(unread);
        _orphaned = true;
        if (_state == TcpState.Close) return;

        if (unread > 0)
        {
            // RFC 2525 §2.17: unread data was tossed, so the peer must learn that it was not delivered.
            _mib.Increment(MibCounter.TcpExtTCPAbortOnClose);
            SetState(TcpState.Close);
            SendActiveReset(nowMicros, output);
            Destroy(output);
            return;
        }
        if (_settings.Options.LingerSeconds == 0)
        {
            // Zero linger is checked after unread data (tcp_close), and counted as TCPAbortOnData.
            Abort(nowMicros, output);
            _mib.Increment(MibCounter.TcpExtTCPAbortOnData);
            return;
        }
        if (CloseState()) SendFin(nowMicros, output);

        // adjudge_to_death
        if (_state == TcpState.FinWait2)
        {
            if (Linger2Jiffies() < 0)
            {
                SetState(TcpState.Close);
                SendActiveReset(nowMicros, output);
                _mib.Increment(MibCounter.TcpExtTCPAbortOnLinger);
                Destroy(output);
                return;
            }
            var timeout = FinTimeMicros();
            if (timeout > TimeWaitCore.TimeWaitLengthMicros)
            {
                ArmFinWait2Timer(nowMicros + timeout - TimeWaitCore.TimeWaitLengthMicros, output);
            }
            else
            {
                TimeWait(TcpState.FinWait2, timeout, nowMicros, output);
                return;
            }
        }
        if (_state == TcpState.Close) Destroy(output);
    }

    /// <summary>
    /// shutdown(). Mirrors inet_shutdown (net/ipv4/af_inet.c) and tcp_shutdown (net/ipv4/tcp.c): ENOTCONN on a
    /// closed socket; in SYN_SENT, tcp_disconnect; otherwise the sk_shutdown bits, and for SHUT_WR in ESTABLISHED,
    /// SYN_SENT, SYN_RECV or CLOSE_WAIT our FIN through tcp_close_state. SHUT_RD sends nothing: queued and later
    /// data stay readable (reads return 0 only once the queue is empty), but after our FIN any new data resets the
    /// connection (tcp_rcv_state_process in FIN_WAIT1/2). Returns 0 or an errno.
    /// </summary>
    public int Shutdown(ShutdownHow how, long nowMicros, ITcpOutput output)
    {
        switch (_state)
        {
            case TcpState.Close:
                return Errno.ENOTCONN;
            case TcpState.SynSent:
                Abort(nowMicros, output);
                return 0;
        }
        if ((how & ShutdownHow.Read) != 0) _userReadShutdown = true;
        if ((how & ShutdownHow.Write) == 0) return 0;
        _sendShutdown = true;
        if (_state is TcpState.Established or TcpState.SynRecv or TcpState.CloseWait && CloseState())
            SendFin(nowMicros, output);
        return 0;
    }

    /// <summary>
    /// Mirrors tcp_close_state's new_state table: ESTABLISHED and SYN_RECV → FIN_WAIT1, CLOSE_WAIT → LAST_ACK (each
    /// with a FIN to send), SYN_SENT → CLOSE, the closing states stay. Returns true when a FIN must be sent.
    /// </summary>
    private bool CloseState()
    {
        var (next, fin) = _state switch
        {
            TcpState.Established or TcpState.SynRecv => (TcpState.FinWait1, true),
            TcpState.CloseWait => (TcpState.LastAck, true),
            TcpState.SynSent or TcpState.TimeWait or TcpState.Listen or TcpState.NewSynRecv => (TcpState.Close, false),
            _ => (_state, false),
        };
        SetState(next);
        return fin;
    }

    /// <summary>
    /// Mirrors tcp_send_fin (net/ipv4/tcp_output.c): the FIN takes one sequence number at the end of the write queue.
    /// It rides on the last data segment when that one has not been sent yet (Linux sets TCPHDR_FIN on the unsent
    /// tail skb), otherwise it goes alone; the queue is then pushed with Nagle off.
    /// </summary>
    private void SendFin(long nowMicros, ITcpOutput output)
    {
        if (_finQueued) return;
        _finQueued = true;
        _writeSeq += 1;
        PushPendingFrames(nowMicros, output, nagleOff: true);
    }

    /// <summary>
    /// Mirrors tcp_send_active_reset: an RST|ACK at tcp_acceptable_seq with ack = rcv_nxt, this socket's window and
    /// timestamps (unlike the stateless RST of tcp_v4_send_reset).
    /// </summary>
    private void SendActiveReset(long nowMicros, ITcpOutput output)
    {
        var reset = Header(TcpFlags.Rst | TcpFlags.Ack, AcceptableSeq(), nowMicros);
        output.Transmit(reset, default);
    }

    /// <summary>inet_csk_destroy_sock for a socket already in CLOSE: the write queue goes, every timer stops.</summary>
    private void Destroy(ITcpOutput output)
    {
        _sendQueue.Discard(_sendQueue.Count);
        _unsentSkbs.Clear();
        _rtx.Clear();
        ClearTimers(output);
        output.Notify(TcpSocketEvent.Closed);
    }

    /// <summary>tp->linger2 in jiffies: TCP_LINGER2 as do_tcp_setsockopt stores it (0 = use tcp_fin_timeout, -1 = RST).</summary>
    private long Linger2Jiffies()
    {
        var seconds = _settings.Options.Linger2Seconds ?? 0;
        if (seconds < 0) return -1;
        return Math.Min(seconds, FinTimeoutMaxSeconds) * (long)Jiffies.Hz;
    }

    /// <summary>3.5 × RTO in jiffies ((rto &lt;&lt; 2) − (rto &gt;&gt; 1)), the floor of every FIN_WAIT2 and TIME_WAIT timeout.</summary>
    private long RtoThreeAndHalfJiffies()
    {
        var rto = _rtoMicros / Jiffies.MicrosPerJiffy;
        return (rto << 2) - (rto >> 1);
    }

    /// <summary>Mirrors tcp_fin_time (include/net/tcp.h): TCP_LINGER2 or tcp_fin_timeout, at least 3.5 × RTO.</summary>
    private long FinTimeMicros()
    {
        var linger2 = Linger2Jiffies();
        var finTimeout = linger2 > 0 ? linger2 : (long)_settings.Sysctls.TcpFinTimeout * Jiffies.Hz;
        return Math.Max(finTimeout, RtoThreeAndHalfJiffies()) * Jiffies.MicrosPerJiffy;
    }

    private void ArmFinWait2Timer(long deadlineMicros, ITcpOutput output)
    {
        // sk_timer serves keepalive and the orphan's FIN_WAIT2 timeout alike: this replaces the keepalive.
        DeleteKeepaliveTimer(output);
        _finWait2TimerArmed = true;
        output.ArmTimer(TcpTimer.FinWait2, deadlineMicros);
    }

    /// <summary>
    /// Mirrors tcp_time_wait (net/ipv4/tcp_minisocks.c): the 4-tuple passes to a <see cref="TimeWaitCore"/> holding
    /// tw_snd_nxt, tw_rcv_nxt, tw_rcv_wnd, ts_recent and the offsets; the timeout is at least 3.5 × RTO, exactly
    /// TCP_TIMEWAIT_LEN in true TIME_WAIT; then tcp_done. <see cref="TakeTimeWait"/> hands the entry to the shell.
    /// </summary>
    private void TimeWait(TcpState substate, long timeoutMicros, long nowMicros, ITcpOutput output)
    {
        var floor = RtoThreeAndHalfJiffies() * Jiffies.MicrosPerJiffy;
        if (timeoutMicros < floor) timeoutMicros = floor;
        if (substate == TcpState.TimeWait) timeoutMicros = TimeWaitCore.TimeWaitLengthMicros;
        _timeWait = new TimeWaitCore(Tuple, substate, _sndNxt, _rcvNxt, ReceiveWindow(), _rcvWscale,
            _tsRecent, _tsRecentStampSeconds, _tsOffset, _settings.Tos, timeoutMicros, nowMicros, _settings.Sysctls, _mib);
        Done(output);
        output.Notify(TcpSocketEvent.Closed);
    }

    /// <summary>
    /// The FIN_WAIT2 part of tcp_keepalive_timer (net/ipv4/tcp_timer.c): an orphan whose fin time exceeded
    /// TCP_TIMEWAIT_LEN spends the rest as a FIN_WAIT2 TIME_WAIT entry; with TCP_LINGER2 &lt; 0 (or nothing left) it
    /// is reset.
    /// </summary>
    private void FinWait2Timer(long nowMicros, ITcpOutput output)
    {
        _finWait2TimerArmed = false;
        if (_state != TcpState.FinWait2 || !_orphaned) return;
        if (Linger2Jiffies() >= 0)
        {
            var timeout = FinTimeMicros() - TimeWaitCore.TimeWaitLengthMicros;
            if (timeout > 0)
            {
                TimeWait(TcpState.FinWait2, timeout, nowMicros, output);
                return;
            }
        }
        SendActiveReset(nowMicros, output);
        Done(output);
        output.Notify(TcpSocketEvent.Closed);
    }

    /// <summary>
    /// The FIN_WAIT1 / CLOSING / LAST_ACK cases of tcp_rcv_state_process after an acceptable ACK. Returns null to go
    /// on with the segment's text, true to answer with a stateless RST (an orphan that may not wait), false when
    /// the segment was consumed.
    /// </summary>
    private bool? ClosingStateProcess(in TcpSegment segment, long nowMicros, ITcpOutput output)
    {
        switch (_state)
        {
            case TcpState.FinWait1:
            {
                if (_sndUna != _writeSeq) return null;
                SetState(TcpState.FinWait2);
                _sendShutdown = true;
                if (!_orphaned) return null;
                if (Linger2Jiffies() < 0)
                {
                    Done(output);
                    _mib.Increment(MibCounter.TcpExtTCPAbortOnData);
                    output.Notify(TcpSocketEvent.Closed);
                    return true;
                }
                if (segment.EndSeq != segment.Seq && segment.EndSeq - (segment.IsFin ? 1 : 0) > _rcvNxt)
                {
                    // Data (or an out-of-order FIN) after close().
                    Done(output);
                    _mib.Increment(MibCounter.TcpExtTCPAbortOnData);
                    output.Notify(TcpSocketEvent.Closed);
                    return true;
                }
                var timeout = FinTimeMicros();
                if (timeout > TimeWaitCore.TimeWaitLengthMicros)
                {
                    ArmFinWait2Timer(nowMicros + timeout - TimeWaitCore.TimeWaitLengthMicros, output);
                }
                else if (segment.IsFin)
                {
                    // The FIN in this segment moves us to TIME_WAIT below; keep a timer in case it cannot.
                    ArmFinWait2Timer(nowMicros + timeout, output);
                }
                else
                {
                    TimeWait(TcpState.FinWait2, timeout, nowMicros, output);
                    return false;
                }
                return null;
            }
            case TcpState.Closing:
                if (_sndUna != _writeSeq) return null;
                TimeWait(TcpState.TimeWait, 0, nowMicros, output);
                return false;
            case TcpState.LastAck:
                if (_sndUna != _writeSeq) return null;
                Done(output);
                output.Notify(TcpSocketEvent.Closed);
                return false;
            default:
                return null;
        }
    }
}
