using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The sans-IO TCB of a full TCP socket. Mirrors struct tcp_sock with its inet_connection_sock part
/// (include/linux/tcp.h, include/net/inet_connection_sock.h) and the functions of net/ipv4/tcp_input.c,
/// tcp_output.c, tcp_timer.c and tcp_minisocks.c that drive it. The shell feeds it parsed segments
/// (<see cref="OnSegment"/>), timer expiries (<see cref="OnTimer"/>) and user calls (<see cref="Send"/>,
/// <see cref="Read(Span{byte})"/>, <see cref="Abort"/>); everything it does goes out through <see cref="ITcpOutput"/>.
/// </summary>
/// <remarks>
/// <para>Covered so far: passive child creation (tcp_create_openreq_child) and its move to ESTABLISHED; the active
/// open (tcp_v4_connect / tcp_connect) with SYN retransmission, SYN_SENT processing and simultaneous open; in-order
/// receive with Linux's quick-ack / delayed-ACK engine, window selection (tcp_select_window), D-SACK for duplicates,
/// PAWS and RFC 5961 challenge ACKs; a first send path; close() and shutdown() with every closing state
/// (FIN_WAIT1/2, CLOSING, LAST_ACK, CLOSE_WAIT), the orphan's FIN_WAIT2 timeout and the hand-over to a
/// <see cref="TimeWaitCore"/> (tcp_time_wait); tcp_disconnect; the RTT estimator (tcp_rtt_estimator) and the
/// retransmission of the rtx queue head on RTO once a FIN is queued; the server side of TCP Fast Open (a child made
/// from the SYN, <see cref="FromFastOpenSyn"/>).</para>
/// <para>Timers: the one retransmit timer of inet_connection_sock stands for the RTO, the zero-window probe
/// (tcp_probe_timer), RACK-TLP's tail loss probe and RACK's reordering timeout (icsk_pending); sk_timer for keepalive
/// and the orphan's FIN_WAIT2 timeout; the delayed ACK. TCP_USER_TIMEOUT bounds retransmission and probing.</para>
/// <para>Not yet: F-RTO and undo (tcp_try_undo_*), RACK's reordering detection (reord_seen, DSACK-grown reo_wnd),
/// urgent data, ECN and Fast Open on the active side, receive-buffer auto-tuning, pacing and TSO.</para>
/// <para>Counting: this core counts what tcp_sock code counts (ActiveOpens, AttemptFails, EstabResets,
/// RetransSegs, TcpExt...). It does NOT count Tcp PassiveOpens (the listener core does, when it creates the child)
/// nor OutSegs/OutRsts (the egress does, per transmitted segment).</para>
/// </remarks>
public sealed partial class TcpConnectionCore
{
    /// <summary>TCP_TIMEOUT_INIT: 1 s (RFC 6298).</summary>
    public const long TimeoutInitMicros = 1_000_000;

    /// <summary>TCP_TIMEOUT_MIN: 2 jiffies, the quick SYN retransmission after a bad ACK in SYN_SENT.</summary>
    public const long TimeoutMinMicros = 2 * Jiffies.MicrosPerJiffy;

    /// <summary>TCP_MAX_QUICKACKS: at most 16 ACKs in quick-ack mode.</summary>
    public const int MaxQuickAcks = 16;

    /// <summary>TCP_MSS_DEFAULT: the peer MSS assumed when it sends none (RFC 1122).</summary>
    public const int DefaultMss = 536;

    /// <summary>TCP_MIN_MSS: floor of the receive-MSS estimate.</summary>
    public const int MinMss = 88;

    /// <summary>TCP_INIT_CWND (RFC 6928).</summary>
    public const int InitialCongestionWindow = 10;

    /// <summary>TCPOLEN_TSTAMP_ALIGNED.</summary>
    private const int TimestampAligned = 12;

    /// <summary>TCP_ATO_MIN = TCP_DELACK_MIN = HZ/25 (40 ms), TCP_DELACK_MAX = HZ/5 (200 ms), in jiffies.</summary>
    private const uint AtoMinJiffies = Jiffies.Hz / 25;
    private const uint DelackMinJiffies = Jiffies.Hz / 25;
    private const uint DelackMaxJiffies = Jiffies.Hz / 5;

    /// <summary>net.ipv4.tcp_pingpong_thresh default (1 since v5.8-era; not a TcpSysctls field yet).</summary>
    private const int PingpongThreshold = 1;

    /// <summary>TCP_PAWS_24DAYS in seconds.</summary>
    private const long Paws24DaysSeconds = 60L * 60 * 24 * 24;

    /// <summary>tcp_app_win default (31): the share of the window reserved for the application.</summary>
    private const int AppWin = 31;

    private ConnectionSettings _settings;

    /// <summary>inet_sk(sk)->inet_id: the IP ID of this socket's next segment (ip_select_ident_segs counts per segment).</summary>
    private ushort _inetId;
    private readonly MibCounters _mib;
    private readonly ByteRing _receiveQueue;
    private readonly ByteRing _sendQueue;
    private readonly UnsentSkbs _unsentSkbs = new();

    private TcpState _state;

    // --- send side (struct tcp_sock) ---
    private SeqNum _iss;          // our ISN (write_seq at connect / snt_isn)
    private SeqNum _sndUna;       // snd_una
    private SeqNum _sndNxt;       // snd_nxt
    private SeqNum _writeSeq;     // write_seq
    private SeqNum _sndWl1;       // snd_wl1
    private SeqNum _sndSml;       // snd_sml: end of the last small segment (Minshall's Nagle)
    private SeqNum _pushedSeq;    // pushed_seq
    private uint _sndWnd;         // snd_wnd
    private uint _maxWindow;      // max_window
    private long _bytesAcked;     // bytes_acked
    private int _packetsOut;      // packets_out while our SYN (or SYN-ACK) is the only thing in flight
    private int _sndBuf;          // sk_sndbuf
    private bool _sndBufLocked;   // SOCK_SNDBUF_LOCK
    private bool _writeBlocked;   // SOCK_NOSPACE

    // --- receive side ---
    private SeqNum _rcvNxt;       // rcv_nxt
    private SeqNum _rcvWup;       // rcv_wup
    private SeqNum _copiedSeq;    // copied_seq
    private uint _rcvWnd;         // rcv_wnd
    private uint _rcvSsthresh;    // rcv_ssthresh
    private uint _windowClamp;    // window_clamp
    private int _rcvBuf;          // sk_rcvbuf
    private bool _rcvBufLocked;   // SOCK_RCVBUF_LOCK
    private bool _rcvShutdown;    // RCV_SHUTDOWN: the peer's FIN was processed

    // --- options (struct tcp_options_received) ---
    private byte _sndWscale;      // rx_opt.snd_wscale
    private byte _rcvWscale;      // rx_opt.rcv_wscale
    private bool _wscaleOk;       // rx_opt.wscale_ok
    private bool _tstampOk;       // rx_opt.tstamp_ok
    private bool _sackOk;         // rx_opt.sack_ok
    private bool _ecnOk;          // ecn_flags & TCP_ECN_OK
    private uint _tsRecent;       // rx_opt.ts_recent
    private long _tsRecentStampSeconds; // rx_opt.ts_recent_stamp (ktime_get_seconds), 0 = never
    private uint _tsOffset;       // tsoffset
    private int _userMss;         // rx_opt.user_mss
    private int _mssClamp;        // rx_opt.mss_clamp
    private int _advMss;          // advmss
    private int _mssCache;        // mss_cache
    private int _tcpHeaderLen;    // tcp_header_len
    private bool _dsackPending;   // rx_opt.dsack
    private SeqNum _dsackStart, _dsackEnd; // duplicate_sack[0]

    // --- retransmission timer (inet_connection_sock) ---
    private long _rtoMicros = TimeoutInitMicros; // icsk_rto
    private int _retransmits;     // icsk_retransmits
    private int _backoff;         // icsk_backoff
    private int _totalRto;        // total_rto
    private int _totalRetrans;    // total_retrans
    private uint _retransStamp;   // retrans_stamp (ms, TCP timestamp clock)
    private bool _synAckPending;  // the rtx queue head is our SYN (SYN_SENT) or SYN-ACK (crossed SYNs)

    // --- delayed ACK engine (icsk_ack) ---
    private bool _ackScheduled;   // ICSK_ACK_SCHED
    private bool _ackTimerArmed;  // ICSK_ACK_TIMER
    private bool _ackNow;         // ICSK_ACK_NOW
    private bool _ackPushed;      // ICSK_ACK_PUSHED
    private bool _ackPushed2;     // ICSK_ACK_PUSHED2
    private bool _ackNoMem;       // ICSK_ACK_NOMEM: the next ACK advertises a zero window
    private uint _ackTimeoutJiffies; // icsk_ack.timeout
    private int _quick;           // icsk_ack.quick
    private int _pingpong;        // icsk_ack.pingpong
    private uint _atoJiffies;     // icsk_ack.ato
    private uint _lrcvTimeJiffies; // icsk_ack.lrcvtime
    private int _rcvMss;          // icsk_ack.rcv_mss
    private int _lastSegSize;     // icsk_ack.last_seg_size
    private bool _oowAckSent;     // last_oow_ack_time is set
    private uint _lastOowAckJiffies; // last_oow_ack_time

    private TcpConnectionCore(FourTuple tuple, ConnectionSettings settings)
    {
        Tuple = tuple;
        _settings = settings;
        _mib = settings.Mib;
        _inetId = settings.Secrets.InitialIpId(tuple);
        var sysctls = settings.Sysctls;
        var options = settings.Options;
        _userMss = options.MaxSegment is int user && user > 0 ? user : 0;
        if (options.ReceiveBuffer is int rcv)
        {
            _rcvBuf = InitialWindow.ReceiveBufferFromSockopt(rcv, sysctls);
            _rcvBufLocked = true;
        }
        else
        {
            _rcvBuf = sysctls.TcpRmem.Default;
        }
        if (options.SendBuffer is int snd)
        {
            _sndBuf = SendBufferFromSockopt(snd, sysctls);
            _sndBufLocked = true;
        }
        else
        {
            _sndBuf = sysctls.TcpWmem.Default;
        }
        // Payload accounting: the kernel charges skb->truesize, about twice the payload at the default
        // scaling_ratio; the receive queue may hold what the buffer could ever advertise.
        _receiveQueue = new ByteRing(_rcvBuf);
        _sendQueue = new ByteRing(_sndBuf);
        AssignCongestionControl();
    }

    /// <summary>SOCK_MIN_SNDBUF on x86-64: 2 × (2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff))).</summary>
    private const int MinSendBuffer = 4608;

    /// <summary>sk_sndbuf for an SO_SNDBUF value (__sock_set_sndbuf): doubled, capped by wmem_max first, at least SOCK_MIN_SNDBUF.</summary>
    public static int SendBufferFromSockopt(int value, Config.TcpSysctls sysctls) =>
        Math.Max((int)Math.Min((uint)Math.Max(value, 0), (uint)sysctls.WmemMax) * 2, MinSendBuffer);

    // ------------------------------------------------------------------------------------------------
    // Read-only view of the TCB (for the shells and a future TCP_INFO snapshot)
    // ------------------------------------------------------------------------------------------------

    /// <summary>The connection's 4-tuple (Local = us).</summary>
    public FourTuple Tuple { get; }

    /// <summary>sk_state.</summary>
    public TcpState State => _state;

    /// <summary>What the shell must pass to <see cref="TcpSegment.Read"/> for this socket (tcp_parse_options' estab and
    /// the negotiated tstamp_ok/sack_ok): the SYN parse in SYN_SENT, the established parse otherwise.</summary>
    public TcpParseSettings ParseSettings => _state == TcpState.SynSent
        ? new TcpParseSettings
        {
            WindowScaling = _settings.Sysctls.TcpWindowScaling != 0,
            Sack = _settings.Sysctls.TcpSack != 0,
            Timestamps = _settings.Sysctls.TcpTimestamps != 0,
        }
        : TcpParseSettings.ForEstablished(_tstampOk, _sackOk);

    /// <summary>Our initial sequence number (write_seq at connect, or the request's snt_isn).</summary>
    public SeqNum Iss => _iss;

    /// <summary>snd_una: oldest unacknowledged sequence number.</summary>
    public SeqNum SndUna => _sndUna;

    /// <summary>snd_nxt: next sequence number to send.</summary>
    public SeqNum SndNxt => _sndNxt;

    /// <summary>write_seq: end of the data the user has written.</summary>
    public SeqNum WriteSeq => _writeSeq;

    /// <summary>snd_wl1: SEG.SEQ of the segment that last updated snd_wnd.</summary>
    public SeqNum SndWl1 => _sndWl1;

    /// <summary>snd_wnd: the peer's receive window in bytes (already scaled).</summary>
    public uint SndWnd => _sndWnd;

    /// <summary>max_window: the largest window the peer has offered.</summary>
    public uint MaxWindow => _maxWindow;

    /// <summary>snd_cwnd in segments.</summary>
    public int SndCwnd => _cwnd.Cwnd;

    /// <summary>packets_out: segments sent and not yet acknowledged.</summary>
    public int PacketsOut => _synAckPending ? _packetsOut : _rtx.Count;

    /// <summary>rcv_nxt: next sequence number expected from the peer.</summary>
    public SeqNum RcvNxt => _rcvNxt;

    /// <summary>rcv_wup: rcv_nxt when the window was last advertised.</summary>
    public SeqNum RcvWup => _rcvWup;

    /// <summary>copied_seq: head of the unread data.</summary>
    public SeqNum CopiedSeq => _copiedSeq;

    /// <summary>rcv_wnd: the window last advertised, in bytes (unscaled).</summary>
    public uint RcvWnd => _rcvWnd;

    /// <summary>rcv_ssthresh: the current window growth threshold.</summary>
    public uint RcvSsthresh => _rcvSsthresh;

    /// <summary>window_clamp: the largest window we will ever advertise.</summary>
    public uint WindowClamp => _windowClamp;

    /// <summary>sk_rcvbuf.</summary>
    public int ReceiveBuffer => _rcvBuf;

    /// <summary>sk_sndbuf.</summary>
    public int SendBuffer => _sndBuf;

    /// <summary>rx_opt.snd_wscale: the peer's window scale.</summary>
    public byte SndWscale => _sndWscale;

    /// <summary>rx_opt.rcv_wscale: our window scale.</summary>
    public byte RcvWscale => _rcvWscale;

    /// <summary>rx_opt.wscale_ok.</summary>
    public bool WindowScaleOk => _wscaleOk;

    /// <summary>rx_opt.tstamp_ok.</summary>
    public bool TimestampOk => _tstampOk;

    /// <summary>rx_opt.sack_ok.</summary>
    public bool SackOk => _sackOk;

    /// <summary>Classic ECN negotiated (TCP_ECN_OK).</summary>
    public bool EcnOk => _ecnOk;

    /// <summary>rx_opt.ts_recent: the TSval to echo.</summary>
    public uint TsRecent => _tsRecent;

    /// <summary>tsoffset: added to our millisecond clock to form TSval.</summary>
    public uint TsOffset => _tsOffset;

    /// <summary>rx_opt.mss_clamp: the peer's MSS, capped by TCP_MAXSEG.</summary>
    public int MssClamp => _mssClamp;

    /// <summary>mss_cache: the current send MSS (payload per segment, TCP options already deducted).</summary>
    public int Mss => _mssCache;

    /// <summary>advmss: our MSS less the timestamp option once TS is negotiated.</summary>
    public int AdvMss => _advMss;

    /// <summary>tcp_header_len: 20, or 32 with timestamps.</summary>
    public int TcpHeaderLength => _tcpHeaderLen;

    /// <summary>icsk_ack.rcv_mss: the estimate of the peer's segment size.</summary>
    public int RcvMss => _rcvMss;

    /// <summary>icsk_ack.quick: quick ACKs left.</summary>
    public int QuickAcks => _quick;

    /// <summary>icsk_ack.pingpong: interactive-mode counter.</summary>
    public bool PingPong => _pingpong >= PingpongThreshold;

    /// <summary>icsk_rto in microseconds.</summary>
    public long RtoMicros => _rtoMicros;

    /// <summary>icsk_retransmits.</summary>
    public int Retransmits => _retransmits;

    /// <summary>icsk_backoff.</summary>
    public int Backoff => _backoff;

    /// <summary>total_retrans.</summary>
    public int TotalRetrans => _totalRetrans;

    /// <summary>total_rto.</summary>
    public int TotalRto => _totalRto;

    /// <summary>Bytes of in-order data waiting to be read.</summary>
    public int ReadableBytes => _receiveQueue.Count;

    /// <summary>Bytes written but not yet acknowledged (sent or not).</summary>
    public int SendQueueBytes => _sendQueue.Count;

    /// <summary>Room left in the send buffer.</summary>
    public int SendBufferFree => CanSend ? _sendQueue.Free : 0;

    /// <summary>The peer's FIN has been received (read returns 0 once <see cref="ReadableBytes"/> is 0).</summary>
    public bool PeerFinished => _rcvShutdown;

    // ------------------------------------------------------------------------------------------------
    // Creation
    // ------------------------------------------------------------------------------------------------

    /// <summary>
    /// The child of a completed passive open. Mirrors tcp_create_openreq_child (net/ipv4/tcp_minisocks.c) on top of
    /// inet_csk_clone_lock (net/ipv4/inet_connection_sock.c), plus the MSS set-up of tcp_v4_syn_recv_sock. The child
    /// is in SYN_RECV; pass the same <paramref name="ack"/> to <see cref="OnSegment"/> to move it to ESTABLISHED
    /// (tcp_child_process). Tcp PassiveOpens is counted by the listener, not here.
    /// </summary>
    public static TcpConnectionCore FromRequest(RequestSockState req, ListenerContext listener, in TcpSegment ack, long nowMicros)
    {
        var core = CloneRequest(req, listener, (uint)ack.Window, windowIsScaled: true, nowMicros);
        core.SynAckRttMeasure(req, nowMicros);
        return core;
    }

    /// <summary>
    /// tcp_create_openreq_child and the MSS set-up of tcp_v4_syn_recv_sock, shared by the child of a third ACK and
    /// the Fast Open child of a SYN. <paramref name="peerWindow"/> is the window field of the segment the child is made
    /// from; a SYN's is never scaled (RFC 7323 §2.2).
    /// </summary>
    private static TcpConnectionCore CloneRequest(RequestSockState req, ListenerContext listener, uint peerWindow,
        bool windowIsScaled, long nowMicros)
    {
        var core = new TcpConnectionCore(req.Tuple, listener.ChildSettings);
        core._state = TcpState.SynRecv;
        core._iss = req.SntIsn;
        core._rcvNxt = core._copiedSeq = core._rcvWup = req.RcvIsn + 1;
        core._sndUna = core._sndNxt = core._sndSml = core._writeSeq = core._pushedSeq = req.SntIsn + 1;
        core._sndWl1 = req.RcvIsn;
        core._totalRetrans = req.NumRetrans;
        if (req.NumTimeout > 0)
        {
            // The SYN-ACK timed out: keep the RTO statistics and the first SYN-ACK time (for spurious-SYN undo).
            core._totalRto = req.NumTimeout;
            core._retransStamp = (uint)(req.SntSynAckMicros / 1000);
        }
        core._tstampOk = req.TimestampOk;
        core._sackOk = req.SackOk;
        core._windowClamp = req.WindowClamp;
        core._rcvWnd = req.RcvWnd;
        core._rcvSsthresh = req.RcvWnd;
        core._wscaleOk = req.WindowScaleOk;
        if (core._wscaleOk)
        {
            core._sndWscale = req.SndWscale;
            core._rcvWscale = req.RcvWscale;
        }
        else
        {
            core._sndWscale = core._rcvWscale = 0;
            core._windowClamp = Math.Min(core._windowClamp, ushort.MaxValue);
        }
        core._sndWnd = windowIsScaled ? peerWindow << core._sndWscale : peerWindow;
        core._maxWindow = core._sndWnd;
        if (core._tstampOk)
        {
            core._tsRecent = req.TsRecent;
            core._tsRecentStampSeconds = Seconds(nowMicros);
            core._tcpHeaderLen = 20 + TimestampAligned;
        }
        else
        {
            core._tsRecentStampSeconds = 0;
            core._tcpHeaderLen = 20;
        }
        core._tsOffset = req.TsOffset;
        core._mssClamp = req.Mss;
        core._ecnOk = req.EcnOk;
        core._lrcvTimeJiffies = Jiffies.FromMicros32(nowMicros);
        // tcp_v4_syn_recv_sock: sync the MSS with the route (its learned path MTU included), advmss =
        // tcp_mss_clamp(listener, route advmss).
        core._advMss = req.AdvertisedMss;
        core.StartFromLearnedPathMtu(nowMicros);
        core.SyncMss();
        core.InitializeRcvMss();
        return core;
    }

    /// <summary>
    /// An active open. Mirrors tcp_v4_connect (net/ipv4/tcp_ipv4.c: ISN from secure_tcp_seq, tsoffset from
    /// secure_tcp_ts_off) and tcp_connect / tcp_connect_init (net/ipv4/tcp_output.c): chooses the window and scale,
    /// sends the SYN, counts Tcp ActiveOpens and arms the retransmission timer for TCP_TIMEOUT_INIT. The local port
    /// in <paramref name="tuple"/> has already been chosen by the shell (__inet_hash_connect owns the ehash).
    /// </summary>
    /// <remarks>secure_tcp_seq's clock is CLOCK_REALTIME; the core only knows <paramref name="nowMicros"/> and uses it
    /// for that clock too (the ISN is still unpredictable to the peer: the hash of the tuple dominates).</remarks>
    public static TcpConnectionCore Connect(FourTuple tuple, ConnectionSettings settings, long nowMicros, ITcpOutput output)
    {
        var core = new TcpConnectionCore(tuple, settings);
        var sysctls = settings.Sysctls;
        var sequence = settings.Secrets.Sequence;
        core._iss = new SeqNum(sequence.InitialSequence(tuple.LocalAddress, tuple.RemoteAddress, tuple.LocalPort,
            tuple.RemotePort, nowMicros * 1000));
        core._tsOffset = sequence.TimestampOffset(tuple.LocalAddress, tuple.RemoteAddress, sysctls.TcpTimestamps);
        core.ConnectInit(nowMicros);
        core._state = TcpState.SynSent;
        core.SendSyn(nowMicros, output);
        core._mib.Increment(MibCounter.TcpActiveOpens);
        output.ArmTimer(TcpTimer.Retransmit, nowMicros + core._rtoMicros);
        return core;
    }

    /// <summary>Mirrors tcp_connect_init (net/ipv4/tcp_output.c).</summary>
    private void ConnectInit(long nowMicros)
    {
        var sysctls = _settings.Sysctls;
        // "We'll fix this up when we get a response from the other end."
        _tcpHeaderLen = 20 + (sysctls.TcpTimestamps != 0 ? TimestampAligned : 0);
        _mssClamp = _userMss != 0 ? _userMss : DefaultMss;
        _maxWindow = 0;
        StartFromLearnedPathMtu(nowMicros);
        SyncMss();
        _advMss = _userMss != 0 && _userMss < _settings.RouteAdvMss ? _userMss : _settings.RouteAdvMss;
        InitializeRcvMss();
        // The window: tcp_select_initial_window(full_space, advmss − (ts_recent_stamp ? TS : 0), ...). A fresh socket
        // has no ts_recent_stamp, so the full advmss is used: rounddown(65536, 1460) = 64240, hence Linux's "win 64240"
        // in SYNs (the passive side deducts the TS option and offers 65160 = 45 × 1448).
        var window = InitialWindow.ForRequest(
            _advMss,
            timestamps: _tsRecentStampSeconds != 0,
            peerWindowScale: sysctls.TcpWindowScaling != 0,
            listenerReceiveBuffer: _rcvBuf,
            receiveBufferLocked: _rcvBufLocked,
            listenerWindowClamp: 0,
            sysctls);
        _rcvWnd = window.ReceiveWindow;
        _windowClamp = window.WindowClamp;
        _rcvWscale = window.ReceiveWindowScale;
        _rcvSsthresh = _rcvWnd;
        _sndWnd = 0;
        _sndWl1 = default;
        _writeSeq = _iss;
        _sndUna = _sndSml = _sndNxt = _writeSeq;
        _rcvNxt = default;
        _rcvWup = _copiedSeq = _rcvNxt;
        _rtoMicros = TimeoutInitMicros;
        _retransmits = 0;
        // tcp_connect: the SYN takes one sequence number and starts the retransmission clock.
        _writeSeq = _iss + 1;
        _retransStamp = NowMs(nowMicros);
        _sndNxt = _pushedSeq = _writeSeq;
        _packetsOut = 1;
        _synAckPending = true;
    }

    private static long Seconds(long micros) => micros / 1_000_000;

    /// <summary>tcp_time_stamp_ms: our TCP timestamp clock in milliseconds.</summary>
    private static uint NowMs(long micros) => (uint)(micros / 1000);

    /// <summary>TSval for a segment sent now (tcp_skb_timestamp_ts + tsoffset).</summary>
    private uint TsVal(long nowMicros) => unchecked(NowMs(nowMicros) + _tsOffset);

    /// <summary>Mirrors tcp_set_state (net/ipv4/tcp.c): leaving ESTABLISHED or CLOSE_WAIT for CLOSE counts EstabResets.</summary>
    private void SetState(TcpState state)
    {
        if (state == TcpState.Close && _state is TcpState.Established or TcpState.CloseWait)
            _mib.Increment(MibCounter.TcpEstabResets);
        // tcp_done / inet_csk_destroy_sock: a Fast Open child that dies gives its queue slot back.
        if (state == TcpState.Close) ReleaseFastOpen(resetByPeer: false, nowMicros: 0);
        _state = state;
    }

    /// <summary>Mirrors tcp_done (net/ipv4/tcp.c): AttemptFails for an unfinished handshake, CLOSE, timers off.</summary>
    private void Done(ITcpOutput output)
    {
        if (_state is TcpState.SynSent or TcpState.SynRecv)
            _mib.Increment(MibCounter.TcpAttemptFails);
        SetState(TcpState.Close);
        ClearTimers(output);
    }

    /// <summary>tcp_clear_xmit_timers.</summary>
    private void ClearTimers(ITcpOutput output)
    {
        output.CancelTimer(TcpTimer.Retransmit);
        ClearXmitTimer(output);
        DeleteKeepaliveTimer(output);
        if (_finWait2TimerArmed) output.CancelTimer(TcpTimer.FinWait2);
        _finWait2TimerArmed = false;
        if (_ackTimerArmed) output.CancelTimer(TcpTimer.DelayedAck);
        _ackTimerArmed = false;
        _ackScheduled = false;
        _synAckPending = false;
    }

    /// <summary>
    /// Mirrors tcp_sync_mss (net/ipv4/tcp_output.c) for the route's path MTU: MTU − headers, capped by mss_clamp,
    /// floored at tcp_min_snd_mss, less the options every segment carries, bounded to half the largest window.
    /// </summary>
    private void SyncMss()
    {
        var mss = PathMtu - 40;
        if (mss > _mssClamp) mss = _mssClamp;
        mss = Math.Max(mss, _settings.Sysctls.TcpMinSndMss);
        mss -= _tcpHeaderLen - 20;
        _mssCache = BoundToHalfWindow(mss);
    }

    /// <summary>Mirrors tcp_bound_to_half_wnd (include/net/tcp.h).</summary>
    private int BoundToHalfWindow(int packetSize)
    {
        var cutoff = _maxWindow > DefaultMss ? (int)(_maxWindow >> 1) : (int)_maxWindow;
        return cutoff != 0 && packetSize > cutoff ? Math.Max(cutoff, 68 - _tcpHeaderLen) : packetSize;
    }

    /// <summary>Mirrors tcp_initialize_rcv_mss (net/ipv4/tcp_input.c): a conservative first guess of the peer's segment size.</summary>
    private void InitializeRcvMss()
    {
        var hint = Math.Min(_advMss, _mssCache);
        hint = Math.Min(hint, (int)(_rcvWnd / 2));
        hint = Math.Min(hint, DefaultMss);
        _rcvMss = Math.Max(hint, MinMss);
    }

    /// <summary>
    /// Mirrors tcp_init_transfer / tcp_init_buffer_space (net/ipv4/tcp_input.c) at the move to ESTABLISHED:
    /// initial cwnd, send-buffer expansion, and the window clamp with its tcp_app_win reservation.
    /// </summary>
    private void InitTransfer()
    {
        // tcp_init_transfer: IW10 (one segment after a retransmitted SYN that timed out), then the module's init.
        _cwnd.Cwnd = _totalRetrans > 1 && _totalRto > 0 ? 1 : InitialCongestionWindow;
        _cwnd.Ssthresh = CongestionWindow.InfiniteSsthresh;
        _cc.Init(_cwnd);
        if (!_sndBufLocked) SndBufExpand();
        var maxwin = InitialWindow.FullSpace(_rcvBuf);
        if (_windowClamp >= maxwin)
        {
            _windowClamp = (uint)maxwin;
            if (maxwin > 4 * _advMss)
                _windowClamp = (uint)Math.Max(maxwin - (maxwin >> AppWin), 4 * _advMss);
        }
        // Force reservation of one segment.
        if (_windowClamp > 2 * _advMss && _windowClamp + _advMss > maxwin)
            _windowClamp = (uint)Math.Max(2 * _advMss, maxwin - _advMss);
        _rcvSsthresh = Math.Min(_rcvSsthresh, _windowClamp);
    }

    /// <summary>
    /// Mirrors tcp_sndbuf_expand: room for two congestion windows of segments, each charged at the kernel's
    /// truesize estimate (payload + MAX_TCP_HEADER + skb_shared_info, rounded to a power of two, + sk_buff).
    /// </summary>
    private void SndBufExpand()
    {
        var perMss = Math.Max(_mssCache, _advMss) + 320 + 320;
        perMss = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)perMss) + 256;
        var segments = Math.Max(InitialCongestionWindow, _cwnd.Cwnd);
        segments = Math.Max(segments, _settings.Sysctls.TcpReordering + 1);
        var sndmem = 2 * segments * perMss;
        if (_sndBuf < sndmem) _sndBuf = Math.Min(sndmem, _settings.Sysctls.TcpWmem.Max);
        _sendQueue.Limit = _sndBuf;
    }
}
