using Hashdance.Protocol.Config;
using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A TIME_WAIT (or orphaned FIN_WAIT2) entry: the few fields of a closed connection that its 4-tuple keeps in the
/// ehash once the full socket is gone. Mirrors struct inet_timewait_sock / tcp_timewait_sock
/// (include/net/inet_timewait_sock.h, include/linux/tcp.h) as tcp_time_wait fills them, and
/// tcp_timewait_state_process (net/ipv4/tcp_minisocks.c) for the segments that reach it. The owner (the ingress)
/// keeps the timer: <see cref="DeadlineMicros"/> is tw_timer's expiry and moves when a segment re-arms it.
/// </summary>
public sealed class TimeWaitCore
{
    /// <summary>TCP_TIMEWAIT_LEN: 60 s.</summary>
    public const long TimeWaitLengthMicros = 60_000_000;

    /// <summary>TCP_PAWS_MSL: an RST older than this may ignore PAWS (tcp_paws_reject).</summary>
    private const long PawsMslSeconds = 60;

    /// <summary>TCP_PAWS_24DAYS.</summary>
    private const long Paws24DaysSeconds = 60L * 60 * 24 * 24;

    private readonly TcpSysctls _sysctls;
    private readonly MibCounters _mib;
    private bool _oowAckSent;
    private uint _lastOowAckJiffies;

    internal TimeWaitCore(FourTuple tuple, TcpState substate, SeqNum sndNxt, SeqNum rcvNxt, uint rcvWnd, byte rcvWscale,
        uint tsRecent, long tsRecentStampSeconds, uint tsOffset, byte tos, long timeoutMicros, long nowMicros,
        TcpSysctls sysctls, MibCounters mib)
    {
        Tuple = tuple;
        Substate = substate;
        SndNxt = sndNxt;
        RcvNxt = rcvNxt;
        RcvWnd = rcvWnd;
        RcvWscale = rcvWscale;
        TsRecent = tsRecent;
        TsRecentStampSeconds = tsRecentStampSeconds;
        TsOffset = tsOffset;
        Tos = tos;
        TimeoutMicros = timeoutMicros;
        DeadlineMicros = nowMicros + timeoutMicros;
        _sysctls = sysctls;
        _mib = mib;
    }

    /// <summary>The connection's 4-tuple (Local = us).</summary>
    public FourTuple Tuple { get; }

    /// <summary>tw_substate: <see cref="TcpState.FinWait2"/> for an orphan waiting for the peer's FIN, else <see cref="TcpState.TimeWait"/>.</summary>
    public TcpState Substate { get; private set; }

    /// <summary>tw_snd_nxt.</summary>
    public SeqNum SndNxt { get; }

    /// <summary>tw_rcv_nxt.</summary>
    public SeqNum RcvNxt { get; private set; }

    /// <summary>tw_rcv_wnd: what was left of the last advertised window (tcp_receive_window), unscaled.</summary>
    public uint RcvWnd { get; }

    /// <summary>tw_rcv_wscale.</summary>
    public byte RcvWscale { get; }

    /// <summary>tw_ts_recent (0 when timestamps were not negotiated).</summary>
    public uint TsRecent { get; private set; }

    /// <summary>tw_ts_recent_stamp in seconds; 0 = none.</summary>
    public long TsRecentStampSeconds { get; private set; }

    /// <summary>tw_ts_offset.</summary>
    public uint TsOffset { get; }

    /// <summary>tw_tos: the socket's IP TOS.</summary>
    public byte Tos { get; }

    /// <summary>The timeout the entry was scheduled with (inet_twsk_schedule): over 4 s counts TW, else TWKilled.</summary>
    public long TimeoutMicros { get; }

    /// <summary>When tw_timer fires (inet_twsk_kill).</summary>
    public long DeadlineMicros { get; private set; }

    /// <summary>The entry was descheduled (an RST, a TCP_TW_RST, or a SYN taken by a listener): unhash it.</summary>
    public bool Killed { get; private set; }

    /// <summary>
    /// The option parse tcp_timewait_state_process uses (tcp_parse_options with estab = 0): the SYN parse, so
    /// timestamps are seen whenever tcp_timestamps is on.
    /// </summary>
    public TcpParseSettings ParseSettings => new()
    {
        WindowScaling = _sysctls.TcpWindowScaling != 0,
        Sack = _sysctls.TcpSack != 0,
        Timestamps = _sysctls.TcpTimestamps != 0,
    };

    /// <summary>
    /// Mirrors tcp_timewait_state_process. <paramref name="isn"/> is set for <see cref="TimeWaitVerdict.Syn"/>:
    /// tw_snd_nxt + 65535 + 2, never 0. A killed entry (<see cref="Killed"/>) must be unhashed by the caller.
    /// </summary>
    public TimeWaitVerdict OnSegment(in TcpSegment segment, long nowMicros, out uint isn)
    {
        isn = 0;
        var options = segment.Options;
        var sawTimestamp = TsRecentStampSeconds != 0 && options.SawTimestamp;
        var pawsReject = sawTimestamp && PawsReject(options.TsVal, segment.IsRst, nowMicros);

        if (Substate == TcpState.FinWait2)
        {
            // Repeat the checks of tcp_rcv_state_process for an orphan that awaits the peer's FIN.
            if (pawsReject || !InWindow(segment.Seq, segment.EndSeq, RcvNxt, RcvNxt + (int)RcvWnd))
                return OutOfWindowReply(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedFinWait2);
            if (segment.IsRst)
            {
                Killed = true;
                return TimeWaitVerdict.Drop;
            }
            if (segment.IsSyn && segment.Seq >= RcvNxt)
            {
                Killed = true;
                return TimeWaitVerdict.Reset;
            }
            // A duplicate ACK.
            if (!segment.IsAck || segment.EndSeq <= RcvNxt || segment.EndSeq == segment.Seq)
                return TimeWaitVerdict.Drop;
            // New data after a half-duplex close: reset. Only the exact FIN moves on.
            if (!segment.IsFin || segment.EndSeq != RcvNxt + 1)
            {
                Killed = true;
                return TimeWaitVerdict.Reset;
            }
            Substate = TcpState.TimeWait;
            RcvNxt = segment.EndSeq;
            if (sawTimestamp)
            {
                TsRecentStampSeconds = nowMicros / 1_000_000;
                TsRecent = options.TsVal;
            }
            DeadlineMicros = nowMicros + TimeWaitLengthMicros;
            return TimeWaitVerdict.Ack;
        }

        // True TIME_WAIT. An in-window segment may only be an RST or a bare ACK.
        if (!pawsReject && segment.Seq == RcvNxt && (segment.Seq == segment.EndSeq || segment.IsRst))
        {
            if (segment.IsRst)
            {
                // TIME_WAIT assassination (RFC 1337), which Linux allows unless tcp_rfc1337 is set.
                if (_sysctls.TcpRfc1337 == 0)
                {
                    Killed = true;
                    return TimeWaitVerdict.Drop;
                }
            }
            else
            {
                DeadlineMicros = nowMicros + TimeWaitLengthMicros;
            }
            if (sawTimestamp)
            {
                TsRecent = options.TsVal;
                TsRecentStampSeconds = nowMicros / 1_000_000;
            }
            return TimeWaitVerdict.Drop;
        }

        // A new SYN is accepted when it cannot be an old duplicate: a higher sequence number, or a newer TSval.
        if (segment.IsSyn && !segment.IsRst && !segment.IsAck && !pawsReject
            && (segment.Seq > RcvNxt || (sawTimestamp && unchecked((int)(TsRecent - options.TsVal)) < 0)))
        {
            isn = unchecked(SndNxt.Value + 65535 + 2);
            if (isn == 0) isn = 1;
            return TimeWaitVerdict.Syn;
        }

        if (pawsReject) _mib.Increment(MibCounter.TcpExtPAWSTimewait);
        if (segment.IsRst) return TimeWaitVerdict.Drop;
        // An ACK-less SYN may be a good new SYN with a random sequence number below rcv_nxt: no re-arm for it.
        if (pawsReject || segment.IsAck) DeadlineMicros = nowMicros + TimeWaitLengthMicros;
        return OutOfWindowReply(segment, nowMicros, MibCounter.TcpExtTCPACKSkippedTimeWait);
    }

    /// <summary>
    /// The TIME_WAIT ACK (tcp_v4_timewait_ack → tcp_v4_send_ack): seq tw_snd_nxt, ack tw_rcv_nxt, window
    /// tw_rcv_wnd &gt;&gt; tw_rcv_wscale, TS (tcp_clock_ms + offset, tw_ts_recent) when tw_ts_recent is set; sent
    /// through the control socket (default TTL, DF, IP ID 0) with the socket's TOS, its ECN bits cleared for an
    /// out-of-window reply.
    /// </summary>
    public OutSegment BuildAck(long nowMicros, bool outOfWindow)
    {
        var segment = new OutSegment
        {
            Tuple = Tuple,
            Seq = SndNxt,
            Ack = RcvNxt,
            Flags = TcpFlags.Ack,
            Window = (ushort)Math.Min(RcvWnd >> RcvWscale, ushort.MaxValue),
            Tos = outOfWindow ? (byte)(Tos & ~3) : Tos,
            Ttl = (byte)_sysctls.IpDefaultTtl,
            DontFragment = true,
            IpId = 0,
        };
        if (TsRecent != 0)
            segment.Options.Timestamps = new TcpTimestamps(unchecked((uint)(nowMicros / 1000) + TsOffset), TsRecent);
        return segment;
    }

    /// <summary>tcp_timewait_check_oow_rate_limit: data is always answered, anything else once per tcp_invalid_ratelimit.</summary>
    private TimeWaitVerdict OutOfWindowReply(in TcpSegment segment, long nowMicros, MibCounter counter)
    {
        if (segment.Seq != segment.EndSeq && !segment.IsSyn) return TimeWaitVerdict.AckOutOfWindow;
        var now = Jiffies.FromMicros32(nowMicros);
        if (_oowAckSent)
        {
            var elapsed = unchecked((int)(now - _lastOowAckJiffies));
            var limit = (int)((long)_sysctls.TcpInvalidRatelimit * Jiffies.Hz / 1000);
            if (elapsed >= 0 && elapsed < limit)
            {
                _mib.Increment(counter);
                return TimeWaitVerdict.Drop;
            }
        }
        _oowAckSent = true;
        _lastOowAckJiffies = now;
        return TimeWaitVerdict.AckOutOfWindow;
    }

    /// <summary>tcp_paws_reject: PAWS with a zero window, relaxed for an RST once ts_recent is older than TCP_PAWS_MSL.</summary>
    private bool PawsReject(uint tsVal, bool rst, long nowMicros)
    {
        var seconds = nowMicros / 1_000_000;
        if (unchecked((int)(TsRecent - tsVal)) <= 0) return false;
        if (seconds >= TsRecentStampSeconds + Paws24DaysSeconds) return false;
        if (TsRecent == 0) return false;
        return !(rst && seconds >= TsRecentStampSeconds + PawsMslSeconds);
    }

    /// <summary>tcp_in_window.</summary>
    private static bool InWindow(SeqNum seq, SeqNum endSeq, SeqNum start, SeqNum end)
    {
        if (seq == start) return true;
        if (endSeq > start && seq < end) return true;
        return seq == end && seq == endSeq;
    }
}
