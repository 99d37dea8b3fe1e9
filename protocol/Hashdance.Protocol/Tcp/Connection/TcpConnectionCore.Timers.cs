using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>
    /// icsk_pending: the one event the socket's retransmit timer (icsk_retransmit_timer) currently stands for. Linux
    /// has a single timer for the RTO, the zero-window probe, the tail loss probe and RACK's reordering timeout, so
    /// arming one of them disarms the others; the shell sees them as separate <see cref="TcpTimer"/> keys.
    /// </summary>
    private enum XmitTimer : byte
    {
        None,
        Retrans,
        Probe0,
        LossProbe,
        ReoTimeout,
    }

    /// <summary>TCP_TIMEOUT_MIN_US (2 ms): the slack of the loss probe and the RACK reordering timer.</summary>
    private const long TimeoutMinUs = 2000;

    /// <summary>TCP_RESOURCE_PROBE_INTERVAL (HZ / 2).</summary>
    private const long ResourceProbeIntervalMicros = 500_000;

    /// <summary>MAX_TCP_KEEPIDLE / MAX_TCP_KEEPINTVL (32767 s) and MAX_TCP_KEEPCNT (127).</summary>
    public const int MaxKeepIdleSeconds = 32767;

    /// <inheritdoc cref="MaxKeepIdleSeconds"/>
    public const int MaxKeepCount = 127;

    private XmitTimer _pending;       // icsk_pending
    private long _pendingDeadline;    // icsk_timeout
    private int _probesOut;           // icsk_probes_out
    private uint _probesTstamp;       // icsk_probes_tstamp (jiffies, 0 = not probing)
    private uint _rcvTstamp;          // rcv_tstamp: jiffies of the last ACK taken by tcp_ack
    private bool _tlpHighSeqSet;      // tlp_high_seq != 0
    private SeqNum _tlpHighSeq;       // tlp_high_seq: snd_nxt when the loss probe went out
    private bool _tlpRetrans;         // tlp_retrans: the probe was a retransmission
    private bool _keepaliveArmed;     // sk_timer armed for keepalive

    /// <summary>icsk_probes_out: unanswered zero-window or keepalive probes.</summary>
    public int ProbesOut => _probesOut;

    /// <summary>tlp_high_seq, or null when no loss probe is outstanding.</summary>
    public SeqNum? TlpHighSeq => _tlpHighSeqSet ? _tlpHighSeq : null;

    private long RtoMaxMicros => _settings.Sysctls.TcpRtoMaxMs * 1000L;

    /// <summary>TCP_USER_TIMEOUT in milliseconds (0 = off).</summary>
    private uint UserTimeoutMs => (uint)Math.Max(_settings.Options.UserTimeoutMs ?? 0, 0);

    private static TcpTimer KeyOf(XmitTimer timer) => timer switch
    {
        XmitTimer.Retrans => TcpTimer.Retransmit,
        XmitTimer.Probe0 => TcpTimer.ZeroWindowProbe,
        XmitTimer.LossProbe => TcpTimer.LossProbe,
        _ => TcpTimer.ReorderTimeout,
    };

    /// <summary>usecs_to_jiffies, in microseconds: rounded up to whole jiffies.</summary>
    private static long RoundUpToJiffy(long micros) =>
        (micros + Jiffies.MicrosPerJiffy - 1) / Jiffies.MicrosPerJiffy * Jiffies.MicrosPerJiffy;

    /// <summary>msecs_to_jiffies.</summary>
    private static uint MsToJiffies(uint ms) => (uint)(((long)ms * Jiffies.Hz + 999) / 1000);

    /// <summary>
    /// Mirrors inet_csk_reset_xmit_timer (include/net/inet_connection_sock.h): <paramref name="whenMicros"/> from
    /// now, at most <paramref name="maxMicros"/>, replacing whatever the retransmit timer stood for.
    /// </summary>
    private void ResetXmitTimer(XmitTimer what, long whenMicros, long maxMicros, long nowMicros, ITcpOutput output)
    {
        if (whenMicros > maxMicros) whenMicros = maxMicros;
        if (_pending != XmitTimer.None && _pending != what) output.CancelTimer(KeyOf(_pending));
        _pending = what;
        _pendingDeadline = nowMicros + whenMicros;
        output.ArmTimer(KeyOf(what), _pendingDeadline);
    }

    /// <summary>inet_csk_clear_xmit_timer for ICSK_TIME_RETRANS / PROBE0 (icsk_pending = 0).</summary>
    private void ClearXmitTimer(ITcpOutput output)
    {
        if (_pending != XmitTimer.None) output.CancelTimer(KeyOf(_pending));
        _pending = XmitTimer.None;
    }

    /// <summary>tcp_send_head is not empty: unsent data, or our FIN not yet sent.</summary>
    private bool HasUnsent => UnsentBytes > 0 || (_finQueued && !_finSent);

    private int UnsentBytes => _sendQueue.Count - (_sndNxt - _sndUna) + (_finSent ? 1 : 0);

    /// <summary>tcp_wnd_end.</summary>
    private SeqNum WindowEnd => _sndUna + (int)_sndWnd;

    /// <summary>
    /// Mirrors tcp_rto_delta_us: how far in the future the RTO of the rtx queue head falls (its send time + RTO).
    /// </summary>
    private long RtoDeltaMicros(long nowMicros) =>
        _rtx.Count == 0 ? _rtoMicros : _rtx.SentMicros(0) + _rtoMicros - nowMicros;

    /// <summary>
    /// Mirrors tcp_rearm_rto (net/ipv4/tcp_input.c): no packets out stops the timer; otherwise the RTO restarts, and
    /// when it replaces a loss probe or reordering timer, only the part of the RTO not yet elapsed since the head was
    /// sent is left.
    /// </summary>
    private void RearmRto(long nowMicros, ITcpOutput output)
    {
        // The retransmit timer still serves a Fast Open child's SYN-ACK: stay put.
        if (_fastOpenRequest is not null) return;
        if (_rtx.Count == 0 || _sndUna == _sndNxt)
        {
            ClearXmitTimer(output);
            _retransStamp = 0;
            return;
        }
        var rto = _rtoMicros;
        if (_pending is XmitTimer.ReoTimeout or XmitTimer.LossProbe)
            rto = RoundUpToJiffy(Math.Max(RtoDeltaMicros(nowMicros), 1));
        ResetXmitTimer(XmitTimer.Retrans, rto, RtoMaxMicros, nowMicros, output);
    }

    /// <summary>Mirrors tcp_set_xmit_timer: a loss probe if one may be scheduled, else the RTO.</summary>
    private void SetXmitTimer(long nowMicros, ITcpOutput output)
    {
        if (!ScheduleLossProbe(advancingRto: true, nowMicros, output)) RearmRto(nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_clamp_rto_to_user_timeout (net/ipv4/tcp_timer.c): with TCP_USER_TIMEOUT the next RTO fires no
    /// later than the user timeout, counted from the first retransmission (at once — one jiffy — when it is over).
    /// </summary>
    private long ClampRtoToUserTimeout(long nowMicros)
    {
        var userTimeout = UserTimeoutMs;
        if (userTimeout == 0) return _rtoMicros;
        var elapsed = unchecked(NowMs(nowMicros) - _retransStamp);
        var remaining = unchecked((int)(userTimeout - elapsed));
        if (remaining <= 0) return Jiffies.MicrosPerJiffy;
        return Math.Min(_rtoMicros, MsToJiffies((uint)remaining) * Jiffies.MicrosPerJiffy);
    }

    /// <summary>
    /// Mirrors tcp_write_err: the error (ETIMEDOUT) is reported, the write queue purged, the socket done;
    /// TCPAbortOnTimeout.
    /// </summary>
    private void WriteError(ITcpOutput output)
    {
        _sendQueue.Discard(_sendQueue.Count);
        _rtx.Clear();
        Done(output);
        _mib.Increment(MibCounter.TcpExtTCPAbortOnTimeout);
        output.Notify(TcpSocketEvent.TimedOut);
    }

    // ------------------------------------------------------------------------------------------------
    // Zero-window probes (ICSK_TIME_PROBE0)
    // ------------------------------------------------------------------------------------------------

    /// <summary>tcp_probe0_base: the RTO, at least TCP_RTO_MIN.</summary>
    private long Probe0BaseMicros => Math.Max(_rtoMicros, RtoMinMicros);

    /// <summary>
    /// Mirrors tcp_probe0_when: the base shifted by icsk_backoff, the shift capped at ilog2(TCP_RTO_MAX /
    /// TCP_RTO_MIN) + 1, the result at <paramref name="maxMicros"/>.
    /// </summary>
    private long Probe0WhenMicros(long maxMicros)
    {
        var cap = System.Numerics.BitOperations.Log2((ulong)(RtoMaxMicros / RtoMinMicros)) + 1;
        var shift = Math.Min(cap, _backoff);
        var when = Probe0BaseMicros << shift;
        return Math.Min(when, maxMicros);
    }

    /// <summary>
    /// Mirrors tcp_clamp_probe0_to_user_timeout: with TCP_USER_TIMEOUT, a probe no later than the user timeout after
    /// probing began (at least TCP_TIMEOUT_MIN); once that is past, the unsigned arithmetic leaves
    /// <paramref name="whenMicros"/> alone.
    /// </summary>
    private long ClampProbe0ToUserTimeout(long whenMicros, long nowMicros)
    {
        var userTimeout = UserTimeoutMs;
        if (userTimeout == 0 || _probesTstamp == 0) return whenMicros;
        var elapsed = unchecked((int)(Jiffies.FromMicros32(nowMicros) - _probesTstamp));
        if (elapsed < 0) elapsed = 0;
        var remaining = unchecked(MsToJiffies(userTimeout) - (uint)elapsed);
        remaining = Math.Max(remaining, (uint)(TimeoutMinMicros / Jiffies.MicrosPerJiffy));
        return Math.Min(remaining * Jiffies.MicrosPerJiffy, whenMicros);
    }

    /// <summary>
    /// Mirrors tcp_check_probe_timer (include/net/tcp.h): nothing in flight, data waiting and no timer pending:
    /// start probing the peer's window after tcp_probe0_base.
    /// </summary>
    private void CheckProbeTimer(long nowMicros, ITcpOutput output)
    {
        if (_rtx.Count == 0 && _pending == XmitTimer.None)
            ResetXmitTimer(XmitTimer.Probe0, Probe0BaseMicros, RtoMaxMicros, nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_ack_probe (net/ipv4/tcp_input.c), run for an ACK that found nothing in flight: a window that now
    /// takes the next segment ends probing (backoff cleared), otherwise the next probe is timed from the backoff.
    /// </summary>
    private void AckProbe(long nowMicros, ITcpOutput output)
    {
        if (!HasUnsent) return;
        var headEnd = _sndNxt + Math.Min(UnsentBytes, _mssCache) + (_finQueued && UnsentBytes <= _mssCache ? 1 : 0);
        if (headEnd <= WindowEnd)
        {
            _backoff = 0;
            _probesTstamp = 0;
            if (_pending == XmitTimer.Probe0) ClearXmitTimer(output);
        }
        else
        {
            var when = ClampProbe0ToUserTimeout(Probe0WhenMicros(RtoMaxMicros), nowMicros);
            ResetXmitTimer(XmitTimer.Probe0, when, RtoMaxMicros, nowMicros, output);
        }
    }

    /// <summary>
    /// Mirrors tcp_probe_timer (net/ipv4/tcp_timer.c). RFC 1122 §4.2.2.17: probing goes on as long as the peer
    /// answers (each ACK clears icsk_probes_out); it gives up after tcp_retries2 unanswered probes (an orphan after
    /// tcp_orphan_retries, or at once when its backed-off RTO has reached TCP_RTO_MAX), or when TCP_USER_TIMEOUT has
    /// passed since probing began.
    /// </summary>
    private void ProbeTimer(long nowMicros, ITcpOutput output)
    {
        if (_pending != XmitTimer.Probe0) return;
        _pending = XmitTimer.None;
        if (_rtx.Count > 0 || !HasUnsent)
        {
            _probesOut = 0;
            _probesTstamp = 0;
            return;
        }
        var now = Jiffies.FromMicros32(nowMicros);
        if (_probesTstamp == 0)
        {
            _probesTstamp = now == 0 ? 1u : now;
        }
        else if (UserTimeoutMs != 0 && unchecked((int)(now - _probesTstamp)) >= MsToJiffies(UserTimeoutMs))
        {
            WriteError(output);
            return;
        }
        var maxProbes = _settings.Sysctls.TcpRetries2;
        if (_orphaned)
        {
            var alive = Math.Min(_rtoMicros << Math.Min(_backoff, 30), RtoMaxMicros) < RtoMaxMicros;
            maxProbes = OrphanRetries(alive);
            if (!alive && _backoff >= maxProbes)
            {
                WriteError(output);
                return;
            }
        }
        if (_probesOut >= maxProbes)
        {
            WriteError(output);
            return;
        }
        SendProbe0(nowMicros, output);
    }

    /// <summary>tcp_orphan_retries: tcp_orphan_retries, or 8 when that is 0 and the socket is still alive.</summary>
    private int OrphanRetries(bool alive)
    {
        var retries = _settings.Sysctls.TcpOrphanRetries;
        if (retries == 0 && alive) retries = 8;
        return retries;
    }

    /// <summary>
    /// Mirrors tcp_send_probe0 (net/ipv4/tcp_output.c): a probe (tcp_write_wakeup, TCPWinProbe), then icsk_backoff
    /// grows (up to tcp_retries2) and the next probe is timed by tcp_probe0_when; if the probe carried data, the RTO
    /// takes over and probing stops.
    /// </summary>
    private void SendProbe0(long nowMicros, ITcpOutput output)
    {
        WriteWakeup(MibCounter.TcpExtTCPWinProbe, nowMicros, output);
        if (_rtx.Count > 0 || !HasUnsent)
        {
            _probesOut = 0;
            _backoff = 0;
            _probesTstamp = 0;
            return;
        }
        _probesOut++;
        if (_backoff < _settings.Sysctls.TcpRetries2) _backoff++;
        var timeout = ClampProbe0ToUserTimeout(Probe0WhenMicros(RtoMaxMicros), nowMicros);
        ResetXmitTimer(XmitTimer.Probe0, timeout, RtoMaxMicros, nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_write_wakeup (net/ipv4/tcp_output.c): when the window has room for the start of the unsent data,
    /// send what fits (at most one MSS, with PSH) as new data — the window was left unused by sender SWS avoidance;
    /// otherwise a probe that carries nothing (tcp_xmit_probe_skb): an ACK at snd_una − 1, outside the peer's window,
    /// which it must answer with an ACK. <paramref name="counter"/> counts the latter (TCPWinProbe, TCPKeepAlive).
    /// </summary>
    private void WriteWakeup(MibCounter counter, long nowMicros, ITcpOutput output)
    {
        if (_state == TcpState.Close) return;
        if (HasUnsent && _sndNxt < WindowEnd)
        {
            var unsent = UnsentBytes;
            if (unsent == 0)
            {
                SendBareFin(nowMicros, output);
                return;
            }
            var room = WindowEnd - _sndNxt;
            // The head skb only: a segment never spans two skbs.
            var skbLength = _unsentSkbs.Count > 0 ? Math.Min(_unsentSkbs.HeadEnd - _sndNxt, unsent) : unsent;
            var length = Math.Min(Math.Min(skbLength, _mssCache), room);
            var fin = length == unsent && _finQueued && room >= length + 1;
            if (_pushedSeq < _sndNxt + length) _pushedSeq = _sndNxt + length;
            TransmitNewData(length, psh: true, fin, nowMicros, output);
            return;
        }
        // tcp_xmit_probe_skb: "Use a previous sequence. This should cause the other end to send an ack."
        var probe = Header(TcpFlags.Ack, _sndUna - 1, nowMicros);
        _mib.Increment(counter);
        output.Transmit(probe, default);
        EventAckSent(output);
    }

    // ------------------------------------------------------------------------------------------------
    // Keepalive (sk_timer)
    // ------------------------------------------------------------------------------------------------

    /// <summary>keepalive_time_when: TCP_KEEPIDLE, else tcp_keepalive_time, in microseconds.</summary>
    private long KeepaliveTimeMicros => (_settings.Options.KeepIdleSeconds ?? _settings.Sysctls.TcpKeepaliveTime) * 1_000_000L;

    /// <summary>keepalive_intvl_when: TCP_KEEPINTVL, else tcp_keepalive_intvl.</summary>
    private long KeepaliveIntervalMicros => (_settings.Options.KeepIntervalSeconds ?? _settings.Sysctls.TcpKeepaliveIntvl) * 1_000_000L;

    /// <summary>keepalive_probes: TCP_KEEPCNT, else tcp_keepalive_probes.</summary>
    private int KeepaliveProbes => _settings.Options.KeepCount ?? _settings.Sysctls.TcpKeepaliveProbes;

    /// <summary>
    /// Mirrors keepalive_time_elapsed (include/net/tcp.h): the time since the peer was last heard from, by data
    /// (icsk_ack.lrcvtime) or by an ACK (rcv_tstamp).
    /// </summary>
    private long KeepaliveElapsedMicros(long nowMicros)
    {
        var now = Jiffies.FromMicros32(nowMicros);
        var sinceData = unchecked(now - _lrcvTimeJiffies);
        var sinceAck = unchecked(now - _rcvTstamp);
        return Math.Min(sinceData, sinceAck) * Jiffies.MicrosPerJiffy;
    }

    /// <summary>inet_csk_reset_keepalive_timer.</summary>
    private void ResetKeepaliveTimer(long whenMicros, long nowMicros, ITcpOutput output)
    {
        _keepaliveArmed = true;
        output.ArmTimer(TcpTimer.Keepalive, nowMicros + whenMicros);
    }

    private void DeleteKeepaliveTimer(ITcpOutput output)
    {
        if (_keepaliveArmed) output.CancelTimer(TcpTimer.Keepalive);
        _keepaliveArmed = false;
    }

    /// <summary>
    /// The keepalive part of tcp_finish_connect / tcp_create_openreq_child: a socket with SO_KEEPALIVE starts its
    /// keepalive timer when it becomes established.
    /// </summary>
    private void StartKeepaliveIfSet(long nowMicros, ITcpOutput output)
    {
        _rcvTstamp = Jiffies.FromMicros32(nowMicros);
        if (_settings.Options.KeepAlive) ResetKeepaliveTimer(KeepaliveTimeMicros, nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_keepalive_timer (net/ipv4/tcp_timer.c): with data in flight or waiting the socket is alive and
    /// the timer simply comes back after the idle time; after the idle time without a word from the peer, a probe
    /// (tcp_write_wakeup: TCPKeepAlive) every interval; after keepalive_probes unanswered probes — or, with
    /// TCP_USER_TIMEOUT, once that much silence has passed and a probe is out — an RST and ETIMEDOUT.
    /// </summary>
    private void KeepaliveTimer(long nowMicros, ITcpOutput output)
    {
        _keepaliveArmed = false;
        if (!_settings.Options.KeepAlive || _state is TcpState.Close or TcpState.SynSent) return;
        var when = KeepaliveTimeMicros;
        if (_rtx.Count > 0 || HasUnsent)
        {
            ResetKeepaliveTimer(when, nowMicros, output);
            return;
        }
        var elapsed = KeepaliveElapsedMicros(nowMicros);
        long next;
        if (elapsed >= when)
        {
            var userTimeout = UserTimeoutMs;
            if ((userTimeout != 0 && elapsed >= MsToJiffies(userTimeout) * Jiffies.MicrosPerJiffy && _probesOut > 0)
                || (userTimeout == 0 && _probesOut >= KeepaliveProbes))
            {
                SendActiveReset(nowMicros, output);
                WriteError(output);
                return;
            }
            WriteWakeup(MibCounter.TcpExtTCPKeepAlive, nowMicros, output);
            _probesOut++;
            next = KeepaliveIntervalMicros;
        }
        else
        {
            next = when - elapsed;
        }
        ResetKeepaliveTimer(next, nowMicros, output);
    }

    /// <summary>
    /// setsockopt of the keepalive options on a live socket: SO_KEEPALIVE on starts the timer for the idle time (off
    /// stops it; tcp_set_keepalive), a new TCP_KEEPIDLE while it is on re-times it from the last word of the peer
    /// (tcp_sock_set_keepidle_locked).
    /// </summary>
    private void KeepaliveOptionsChanged(SocketOptions old, long nowMicros, ITcpOutput output)
    {
        var options = _settings.Options;
        if (_state is TcpState.Close or TcpState.Listen) return;
        if (options.KeepAlive && !old.KeepAlive)
        {
            ResetKeepaliveTimer(KeepaliveTimeMicros, nowMicros, output);
        }
        else if (!options.KeepAlive && old.KeepAlive)
        {
            DeleteKeepaliveTimer(output);
        }
        else if (options.KeepAlive && options.KeepIdleSeconds != old.KeepIdleSeconds)
        {
            var elapsed = KeepaliveElapsedMicros(nowMicros);
            ResetKeepaliveTimer(Math.Max(KeepaliveTimeMicros - elapsed, 0), nowMicros, output);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Tail loss probe (RACK-TLP, RFC 8985 §7)
    // ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Mirrors tcp_schedule_loss_probe (net/ipv4/tcp_output.c): for a SACK connection in Open or CWR with packets
    /// out, a probe timeout (PTO) of 2 × srtt plus tcp_rto_min when a single segment is out (the peer may delay
    /// its ACK), else plus 2 ms; TCP_TIMEOUT_INIT without an RTT sample; never later than the RTO would fire.
    /// </summary>
    private bool ScheduleLossProbe(bool advancingRto, long nowMicros, ITcpOutput output)
    {
        // No loss probe on a Fast Open connection before the handshake completes.
        if (_fastOpenRequest is not null) return false;
        var earlyRetrans = _settings.Sysctls.TcpEarlyRetrans;
        if ((earlyRetrans != 3 && earlyRetrans != 4) || _rtx.Count == 0 || !_sackOk
            || _caState is not (CongestionState.Open or CongestionState.Cwr))
            return false;
        long timeout;
        if (_srttUs != 0)
        {
            var timeoutUs = _srttUs >> 2;
            timeoutUs += _rtx.Count == 1 ? _settings.Sysctls.TcpRtoMinUs : TimeoutMinUs;
            timeout = RoundUpToJiffy(timeoutUs);
        }
        else
        {
            timeout = TimeoutInitMicros;
        }
        var rtoDelta = advancingRto ? _rtoMicros : RtoDeltaMicros(nowMicros);
        if (rtoDelta > 0) timeout = Math.Min(timeout, RoundUpToJiffy(rtoDelta));
        ResetXmitTimer(XmitTimer.LossProbe, timeout, RtoMaxMicros, nowMicros, output);
        return true;
    }

    /// <summary>
    /// Mirrors tcp_send_loss_probe (net/ipv4/tcp_output.c): at most one probe outstanding; new data if the window
    /// takes the next segment, else the last segment sent again (__tcp_retransmit_skb: counted in RetransSegs, not
    /// marked as a loss retransmission); tlp_high_seq = snd_nxt, TCPLossProbes; then the RTO.
    /// </summary>
    private void SendLossProbe(long nowMicros, ITcpOutput output)
    {
        if (_pending != XmitTimer.LossProbe) return;
        var sent = false;
        if (!_tlpHighSeqSet)
        {
            _tlpRetrans = false;
            if (HasUnsent && SendWindowTest())
            {
                var before = _rtx.Count;
                PushPendingFrames(nowMicros, output, nagleOff: true, lossProbe: true);
                sent = _rtx.Count > before;
            }
            else if (_rtx.Count > 0)
            {
                var last = _rtx.Count - 1;
                var length = _rtx.End(last) - _rtx.Start(last);
                if (length > _mssCache)
                {
                    // Only the last MSS of the tail goes (tcp_fragment of the rtx queue's last skb).
                    _rtx.Split(last, length - _mssCache);
                    last++;
                }
                TransmitFromRtx(last, nowMicros, output);
                _rtx.NoteEverRetransmitted(last, XmitStamp(nowMicros), _delivered);
                _totalRetrans++;
                _mib.Increment(MibCounter.TcpRetransSegs);
                _tlpRetrans = true;
                sent = true;
            }
            if (sent)
            {
                _tlpHighSeqSet = true;
                _tlpHighSeq = _sndNxt;
                _mib.Increment(MibCounter.TcpExtTCPLossProbes);
                // "Reset s.t. tcp_rearm_rto will restart timer from now."
                _pending = XmitTimer.None;
                output.CancelTimer(TcpTimer.LossProbe);
            }
        }
        RearmRto(nowMicros, output);
    }

    /// <summary>tcp_snd_wnd_test for the next unsent segment: it must fit the peer's window entirely.</summary>
    private bool SendWindowTest()
    {
        var length = Math.Min(UnsentBytes, _mssCache);
        return _sndNxt + length <= WindowEnd;
    }

    /// <summary>
    /// Mirrors tcp_process_tlp_ack (net/ipv4/tcp_input.c): once the ACK reaches tlp_high_seq, a probe of new data
    /// is done with; an ACK beyond it after a retransmitted probe means the probe repaired a loss — a CWR-style
    /// cwnd reduction and TCPLossProbeRecovery; a pure duplicate ACK means both copies arrived (no loss).
    /// </summary>
    private void ProcessTlpAck(SeqNum ack, bool sndUnaAdvanced, bool notDuplicate, bool dataSacked, bool dsack)
    {
        if (!_tlpHighSeqSet || ack < _tlpHighSeq) return;
        if (!_tlpRetrans || dsack)
        {
            _tlpHighSeqSet = false;
        }
        else if (ack > _tlpHighSeq)
        {
            InitCwndReduction();
            SetCaState(CongestionState.Cwr);
            EndCwndReduction();
            TryKeepOpen();
            _mib.Increment(MibCounter.TcpExtTCPLossProbeRecovery);
        }
        else if (!sndUnaAdvanced && !notDuplicate && !dataSacked)
        {
            _tlpHighSeqSet = false;
        }
    }

    /// <summary>Mirrors tcp_init_cwnd_reduction: high_seq, prior cwnd, ssthresh from the module, PRR from zero.</summary>
    private void InitCwndReduction()
    {
        _highSeq = _sndNxt;
        _tlpHighSeqSet = false;
        _cwnd.CwndCount = 0;
        _cwnd.PriorCwnd = _cwnd.Cwnd;
        _prrDelivered = 0;
        _prrOut = 0;
        _cwnd.Ssthresh = _cc.Ssthresh(_cwnd);
    }

    /// <summary>Mirrors tcp_try_keep_open: Open, or Disorder while segments are SACKed or lost.</summary>
    private void TryKeepOpen()
    {
        var state = _rtx.SackedOut + _rtx.LostOut > 0 ? CongestionState.Disorder : CongestionState.Open;
        if (_caState != state)
        {
            SetCaState(state);
            _highSeq = _sndNxt;
        }
    }
}
