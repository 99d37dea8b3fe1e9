using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The sans-IO core of a listening socket. Mirrors tcp_v4_do_rcv for a listener: tcp_v4_cookie_check /
/// cookie_v4_check (net/ipv4/tcp_ipv4.c, syncookies.c), tcp_rcv_state_process in TCP_LISTEN and tcp_v4_conn_request
/// / tcp_conn_request (net/ipv4/tcp_input.c) with tcp_try_fastopen (net/ipv4/tcp_fastopen.c), plus the accept-queue
/// check of tcp_v4_syn_recv_sock. One instance per
/// listener actor; not thread-safe (the actor serialises calls); nothing is allocated per segment except the
/// <see cref="RequestSockState"/> of a new request or cookie connection.
/// </summary>
/// <remarks>
/// Counting: cores count every MIB counter except <c>OutSegs</c> and <c>OutRsts</c>, which the shell's egress counts
/// for each segment it puts on the wire. Tcp <c>PassiveOpens</c> is counted in <see cref="TryQueueChild"/> on
/// success, the point where Linux runs tcp_create_openreq_child.
/// </remarks>
public sealed class ListenerCore
{
    private const ushort DefaultPeerMss = 536;

    /// <summary>TFO_SERVER_ENABLE and TFO_SERVER_COOKIE_NOT_REQD of net.ipv4.tcp_fastopen (include/net/tcp.h).</summary>
    private const int FastOpenServerEnable = 0x2, FastOpenServerCookieNotRequired = 0x200;

    private readonly ListenerContext _context;
    private readonly int _receiveBuffer;
    private readonly bool _receiveBufferLocked;
    private readonly byte _deferAcceptRetrans;
    private SynqOverflowStamp _overflow;

    public ListenerCore(ListenerContext context)
    {
        _context = context;
        var requested = context.Options.ReceiveBuffer;
        _receiveBufferLocked = requested.HasValue;
        _receiveBuffer = requested is { } bytes
            ? InitialWindow.ReceiveBufferFromSockopt(bytes, context.Sysctls)
            : context.Sysctls.TcpRmem.Default;
        // setsockopt(TCP_DEFER_ACCEPT) converts with the constant TCP_TIMEOUT_INIT and TCP_RTO_MAX.
        _deferAcceptRetrans = RequestTimerPolicy.SecondsToRetransmits(context.Options.DeferAcceptSeconds ?? 0);
    }

    public ListenerContext Context => _context;

    /// <summary>queue->synflood_warned: the "Possible SYN flooding" line was logged (once per listener, never reset).</summary>
    public bool SynFloodWarned { get; private set; }

    /// <summary>Raised once per listener with the line Linux logs (net_info_ratelimited in tcp_syn_flood_action).</summary>
    public event Action<string>? SynFloodWarning;

    /// <summary>The listener's "SYN queue overflowed recently" stamp (tcp_synq_overflow), gating cookie checks.</summary>
    public SynqOverflowStamp OverflowStamp => _overflow;

    /// <summary>rskq_defer_accept: TCP_DEFER_ACCEPT in SYN-ACK retransmission units.</summary>
    public byte DeferAcceptRetrans => _deferAcceptRetrans;

    /// <summary>
    /// A segment whose 4-tuple matched no connection, request or TIME_WAIT entry, or that a request passed on
    /// (<see cref="CheckReqVerdict.PassToListener"/>). <paramref name="savedSynHeaders"/> are the SYN's headers kept
    /// for TCP_SAVE_SYN (IP + TCP; the shell prepends the link header for mode 2); they are copied only when the
    /// option is on. <paramref name="newRequest"/> is set for <see cref="ListenerVerdict.RequestCreated"/> and
    /// <see cref="ListenerVerdict.CookieChildCreated"/>.
    /// </summary>
    public ListenerVerdict OnSegment(in TcpSegment segment, ReadOnlySpan<byte> savedSynHeaders, long nowMicros,
        ITcpOutput output, out RequestSockState? newRequest) =>
        Process(segment, savedSynHeaders, nowMicros, output, timeWaitIsn: 0, out newRequest);

    /// <summary>
    /// A SYN that ended a TIME_WAIT entry (TCP_TW_SYN, tcp_v4_rcv): processed like <see cref="OnSegment"/> but with
    /// the ISN handed over by tcp_timewait_state_process (old snd_nxt + 65537, never 0), skipping the SYN-queue,
    /// syncookie and "last quarter" checks because the peer is evidently real (tcp_conn_request). The accept-queue
    /// check still applies.
    /// </summary>
    public ListenerVerdict OnSynFromTimeWait(in TcpSegment syn, uint isn, ReadOnlySpan<byte> savedSynHeaders,
        long nowMicros, ITcpOutput output, out RequestSockState? newRequest)
    {
        if (isn == 0)
            throw new ArgumentOutOfRangeException(nameof(isn), "the TIME_WAIT recycle ISN is never 0 (tcp_timewait_state_process)");
        return Process(syn, savedSynHeaders, nowMicros, output, isn, out newRequest);
    }

    /// <summary>
    /// sk_acceptq_is_full at child creation (tcp_v4_syn_recv_sock): a full accept queue counts ListenOverflows and
    /// ListenDrops and refuses; otherwise the child's slot is taken (sk_acceptq_added) and PassiveOpens is counted
    /// (tcp_create_openreq_child). A listener that left LISTEN refuses without counting (Linux would create the
    /// child and reset it in inet_csk_reqsk_queue_add; the request then dies with its next segment or timer).
    /// </summary>
    public bool TryQueueChild()
    {
        if (!_context.Listening)
            return false;
        if (_context.Queue.AcceptQueueFull)
        {
            _context.Mib.Increment(MibCounter.TcpExtListenOverflows);
            _context.Mib.Increment(MibCounter.TcpExtListenDrops);
            return false;
        }
        _context.Queue.ChildQueued();
        _context.Mib.Increment(MibCounter.TcpPassiveOpens);
        return true;
    }

    /// <summary>listen() again on a listening socket only updates sk_max_ack_backlog (inet_listen).</summary>
    public void Listen(int backlog) =>
        _context.Queue.MaxAckBacklog = ListenerContext.ListenBacklog(backlog, _context.Sysctls);

    /// <summary>
    /// close() on the listener (inet_csk_listen_stop): the state leaves LISTEN. The shell resets the children still
    /// in the accept queue; request socks are left alone and die with their next segment or timer expiry.
    /// </summary>
    public void Close() => _context.Listening = false;

    private ListenerVerdict Process(in TcpSegment segment, ReadOnlySpan<byte> savedSynHeaders, long nowMicros,
        ITcpOutput output, uint timeWaitIsn, out RequestSockState? newRequest)
    {
        newRequest = null;
        if (!_context.Listening)
            return NoSocket(segment, output);

        // tcp_v4_cookie_check: only segments without SYN; cookie_v4_check wants ACK, no RST, cookies enabled and
        // a cookie sent recently.
        if (!segment.IsSyn && segment.IsAck && !segment.IsRst && _context.Sysctls.TcpSyncookies != 0
            && !_overflow.NoRecentOverflow(nowMicros)
            && TryCookie(segment, nowMicros, out newRequest))
            return ListenerVerdict.CookieChildCreated;

        // tcp_rcv_state_process, TCP_LISTEN.
        if (segment.IsAck)
            return NoSocket(segment, output);
        if (segment.IsRst)
            return ListenerVerdict.Ignored;
        if (segment.IsSyn)
        {
            // SYN|FIN has been dropped silently since 2012 (it is a known scanner signature).
            if (segment.IsFin)
                return ListenerVerdict.Ignored;
            return ConnRequest(segment, savedSynHeaders, nowMicros, output, timeWaitIsn, out newRequest);
        }
        return ListenerVerdict.Ignored;
    }

    /// <summary>tcp_v4_send_reset: never answers a RST.</summary>
    private ListenerVerdict NoSocket(in TcpSegment segment, ITcpOutput output)
    {
        if (!StatelessReset.TryBuild(segment, (byte)_context.Sysctls.IpDefaultTtl, out var reset))
            return ListenerVerdict.Ignored;
        output.Transmit(reset, default);
        return ListenerVerdict.ResetSent;
    }

    /// <summary>tcp_listendrop.</summary>
    private ListenerVerdict Drop()
    {
        _context.Mib.Increment(MibCounter.TcpExtListenDrops);
        return ListenerVerdict.Dropped;
    }

    /// <summary>
    /// Mirrors tcp_conn_request (net/ipv4/tcp_input.c) for IPv4, step by step (spec §4).
    /// </summary>
    private ListenerVerdict ConnRequest(in TcpSegment syn, ReadOnlySpan<byte> savedSynHeaders, long nowMicros,
        ITcpOutput output, uint timeWaitIsn, out RequestSockState? newRequest)
    {
        newRequest = null;
        var sysctls = _context.Sysctls;
        var queue = _context.Queue;
        var mib = _context.Mib;
        var syncookies = sysctls.TcpSyncookies;
        var wantCookie = false;

        if (timeWaitIsn == 0 && (syncookies == 2 || queue.RequestQueueFull))
        {
            wantCookie = SynFloodAction(syncookies);
            if (!wantCookie)
                return Drop();
        }

        // Even a cookie cannot help when accept() lags: the peer retransmits its SYN.
        if (queue.AcceptQueueFull)
        {
            mib.Increment(MibCounter.TcpExtListenOverflows);
            return Drop();
        }

        // tcp_parse_options with mss_clamp = TCP_MSS_DEFAULT and user_mss = TCP_MAXSEG; the sysctl gates are
        // applied again here in case the ingress parsed with other settings.
        ref readonly var options = ref syn.Options;
        var sawTimestamp = options.SawTimestamp && sysctls.TcpTimestamps != 0;
        var sackOk = options.SackPermitted && sysctls.TcpSack != 0;
        var windowScaleOk = options.WindowScaleOk && sysctls.TcpWindowScaling != 0;
        var sendWindowScale = windowScaleOk ? options.WindowScale : (byte)0;
        var peerMss = PeerMssClamp(options.Mss, _context.Options.MaxSegment);
        if (wantCookie && !sawTimestamp)
        {
            // The cookie has no room for SACK and WS without the TSval bits (tcp_clear_options).
            sackOk = false;
            windowScaleOk = false;
            sendWindowScale = 0;
        }

        var tuple = syn.Tuple;
        uint tsOffset = 0;
        if (sawTimestamp)
            tsOffset = _context.Secrets.Sequence.TimestampOffset(tuple.LocalAddress, tuple.RemoteAddress, sysctls.TcpTimestamps);

        var isn = timeWaitIsn;
        if (!wantCookie && isn == 0)
        {
            // "Last quarter" rule: without cookies the last quarter of tcp_max_syn_backlog is kept for proven peers
            // (tcp_peer_is_proven). We keep no tcp_metrics, so every peer is unproven.
            var maxSynBacklog = sysctls.TcpMaxSynBacklog;
            if (syncookies == 0 && maxSynBacklog - queue.Length < (maxSynBacklog >> 2))
                return Drop();
            isn = _context.Secrets.Sequence.InitialSequence(tuple.LocalAddress, tuple.RemoteAddress,
                tuple.LocalPort, tuple.RemotePort, nowMicros * 1000);
        }

        var ecnOk = EcnRequested(syn, sysctls);
        if (wantCookie)
        {
            // cookie_init_sequence: also stamps the listener and counts SyncookiesSent.
            var cookie = _context.Secrets.Cookies.Encode(tuple.RemoteAddress, tuple.LocalAddress, tuple.RemotePort,
                tuple.LocalPort, syn.Seq.Value, peerMss, nowMicros);
            mib.Increment(MibCounter.TcpExtSyncookiesSent);
            _overflow = _overflow.Record(nowMicros);
            isn = cookie.Isn;
            peerMss = cookie.Mss;
            if (!sawTimestamp)
                ecnOk = false;
        }

        var window = InitialWindow.ForRequest(_context.AdvertisedMss, sawTimestamp, windowScaleOk, _receiveBuffer,
            _receiveBufferLocked, 0, sysctls);

        if (wantCookie)
        {
            SendCookieSynAck(syn, nowMicros, output, new SeqNum(isn), window, tsOffset, sawTimestamp, sackOk,
                windowScaleOk, sendWindowScale, ecnOk);
            return ListenerVerdict.CookieSynAckSent;
        }

        newRequest = new RequestSockState
        {
            Tuple = tuple,
            RcvIsn = syn.Seq,
            RcvNxt = syn.Seq + 1,
            SntIsn = new SeqNum(isn),
            Mss = peerMss,
            AdvertisedMss = _context.AdvertisedMss,
            TsRecent = sawTimestamp ? options.TsVal : 0,
            TsOffset = tsOffset,
            TimestampOk = sawTimestamp,
            SackOk = sackOk,
            WindowScaleOk = windowScaleOk,
            SndWscale = sendWindowScale,
            RcvWscale = window.ReceiveWindowScale,
            RcvWnd = window.ReceiveWindow,
            WindowClamp = window.WindowClamp,
            EcnOk = ecnOk,
            SynTos = syn.Tos,
            SavedSyn = _context.Options.SaveSyn != 0 ? savedSynHeaders.ToArray() : null,
            DeferAcceptRetrans = _deferAcceptRetrans,
            CreatedMicros = nowMicros,
        };
        if (TryFastOpen(syn, newRequest, nowMicros))
            return ListenerVerdict.FastOpenChildCreated;
        // inet_csk_reqsk_queue_hash_add counts the request when it is hashed; the actor form reserves the slot
        // here so that SYNs handled before the ingress confirms the insertion see it. The request core gives it
        // back exactly once (also when the insertion fails).
        queue.RequestAdded();
        return ListenerVerdict.RequestCreated;
    }

    /// <summary>
    /// Mirrors tcp_try_fastopen (net/ipv4/tcp_fastopen.c) on a request that is about to be hashed: true when a Fast
    /// Open child is to be created at once (TFO_SERVER_COOKIE_NOT_REQD, or a cookie made with one of the keys);
    /// otherwise the request goes the normal way, and its first SYN-ACK carries the cookie chosen here (a cookie
    /// request, an invalid cookie, or a child that could not be queued) in the SYN's option form. The cookie is
    /// SipHash of (SYN saddr, daddr) keyed with <see cref="ListenerContext.FastOpenKeys"/>.
    /// </summary>
    private bool TryFastOpen(in TcpSegment syn, RequestSockState request, long nowMicros)
    {
        ref readonly var options = ref syn.Options;
        var mib = _context.Mib;
        var sysctl = _context.Sysctls.TcpFastopen;
        var cookieLength = options.SawFastOpen ? options.FastOpenCookieLength : -1;
        var synData = syn.EndSeq != syn.Seq + 1;
        if (cookieLength == 0)
            mib.Increment(MibCounter.TcpExtTCPFastOpenCookieReqd);
        if ((sysctl & FastOpenServerEnable) == 0 || !(synData || cookieLength >= 0)
            || !_context.FastOpen.TryAdmit(nowMicros, mib))
            return false;

        var saddr = syn.Tuple.RemoteAddress;
        var daddr = syn.Tuple.LocalAddress;
        ulong? validCookie = null;
        var keyMatched = 0;
        // tcp_fastopen_no_cookie: the sysctl flag or the listener's TCP_FASTOPEN_NO_COOKIE (no route metric here).
        if ((sysctl & FastOpenServerCookieNotRequired) == 0 && !_context.Options.FastOpenNoCookie)
        {
            if (cookieLength < 0)
                return false;
            var keys = _context.FastOpenKeys;
            validCookie = FastOpenCookie.Compute(keys.Primary, saddr, daddr);
            if (cookieLength > 0)
            {
                ReadOnlySpan<byte> presented = options.FastOpenCookie;
                keyMatched = FastOpenCookie.Check(presented[..cookieLength], keys, saddr, daddr);
                if (keyMatched == 0)
                    mib.Increment(MibCounter.TcpExtTCPFastOpenPassiveFail);
            }
            if (keyMatched == 0)
            {
                OfferCookie(request, validCookie, options.FastOpenExperimental);
                return false;
            }
        }

        // tcp_fastopen_create_child: the child takes an accept-queue slot (tcp_v4_syn_recv_sock) at once.
        if (!TryQueueChild())
        {
            mib.Increment(MibCounter.TcpExtTCPFastOpenPassiveFail);
            OfferCookie(request, validCookie, options.FastOpenExperimental);
            return false;
        }
        _context.FastOpen.ChildAdded();
        request.FastOpen = true;
        request.RcvNxt = syn.EndSeq;
        if (keyMatched == 2)
        {
            // Accepted with the backup key: hand out the primary key's cookie.
            OfferCookie(request, validCookie, options.FastOpenExperimental);
            mib.Increment(MibCounter.TcpExtTCPFastOpenPassiveAltKey);
        }
        mib.Increment(MibCounter.TcpExtTCPFastOpenPassive);
        return true;
    }

    private static void OfferCookie(RequestSockState request, ulong? cookie, bool experimental)
    {
        request.SynAckCookie = cookie;
        request.SynAckCookieExperimental = experimental;
    }

    /// <summary>
    /// The cookie SYN-ACK (TCP_SYNACK_COOKIE): never retransmitted and backed by no request, so it is built from
    /// locals without allocating. TSval = cookie_init_timestamp + ts_off.
    /// </summary>
    private void SendCookieSynAck(in TcpSegment syn, long nowMicros, ITcpOutput output, SeqNum isn,
        InitialWindowResult window, uint tsOffset, bool timestampOk, bool sackOk, bool windowScaleOk,
        byte sendWindowScale, bool ecnOk)
    {
        uint? tsVal = null;
        if (timestampOk)
        {
            var value = SynCookies.InitTimestamp(nowMicros, windowScaleOk, sendWindowScale, sackOk, ecnOk) + tsOffset;
            // tcp_synack_options' snt_tsval_first rule applies to the (fresh) cookie request too.
            tsVal = value == 0 ? uint.MaxValue : value;
        }
        var segment = SynAckBuilder.Compose(syn.Tuple, isn, syn.Seq + 1, window.ReceiveWindow, _context.AdvertisedMss,
            tsVal, timestampOk ? syn.Options.TsVal : 0, sackOk, windowScaleOk ? window.ReceiveWindowScale : null, ecnOk,
            syn.Tos, _context);
        output.Transmit(segment, default);
    }

    /// <summary>
    /// Mirrors cookie_v4_check after its preconditions: validate SEG.ACK − 1 as a cookie, decode the options from
    /// TSecr, rebuild the request with the window recomputed from the listener's current settings. False = return
    /// the listener (the LISTEN rules then answer the ACK with a RST).
    /// </summary>
    private bool TryCookie(in TcpSegment ack, long nowMicros, out RequestSockState? request)
    {
        request = null;
        var sysctls = _context.Sysctls;
        var mib = _context.Mib;
        var tuple = ack.Tuple;
        var check = _context.Secrets.Cookies.Check(tuple.RemoteAddress, tuple.LocalAddress, tuple.RemotePort,
            tuple.LocalPort, ack.Seq.Value, ack.Ack.Value, nowMicros);
        if (!check.Valid)
        {
            mib.Increment(MibCounter.TcpExtSyncookiesFailed);
            return false;
        }
        mib.Increment(MibCounter.TcpExtSyncookiesRecv);

        ref readonly var options = ref ack.Options;
        var sawTimestamp = options.SawTimestamp && sysctls.TcpTimestamps != 0;
        // Linux only derives the offset when TSecr is non-zero; a zero TSecr leaves the child with ts_off 0.
        uint tsOffset = 0;
        if (sawTimestamp && options.TsEcr != 0)
            tsOffset = _context.Secrets.Sequence.TimestampOffset(tuple.LocalAddress, tuple.RemoteAddress, sysctls.TcpTimestamps);
        var decoded = SynCookies.DecodeTimestamp(sawTimestamp, options.TsEcr, tsOffset, sysctls);
        if (!decoded.Ok)
            return false;

        // tcp_select_initial_window gets the table MSS itself here, without the timestamp deduction.
        var window = InitialWindow.ForRequest(check.Mss, false, decoded.WindowScaleOk, _receiveBuffer,
            _receiveBufferLocked, 0, sysctls);
        request = new RequestSockState
        {
            Tuple = tuple,
            RcvIsn = ack.Seq - 1,
            RcvNxt = ack.Seq,
            SntIsn = ack.Ack - 1,
            Mss = check.Mss,
            AdvertisedMss = _context.AdvertisedMss,
            TsRecent = sawTimestamp ? options.TsVal : 0,
            TsOffset = tsOffset,
            TimestampOk = sawTimestamp,
            SackOk = decoded.SackOk,
            WindowScaleOk = decoded.WindowScaleOk,
            SndWscale = decoded.SendWindowScale,
            RcvWscale = window.ReceiveWindowScale,
            RcvWnd = window.ReceiveWindow,
            WindowClamp = window.WindowClamp,
            EcnOk = SynCookies.EcnOk(decoded, sysctls, routeEcnFeature: false),
            IsCookie = true,
            // cookie_tcp_reqsk_alloc takes syn_tos from the ACK: the SYN is long gone.
            SynTos = ack.Tos,
            DeferAcceptRetrans = _deferAcceptRetrans,
            CreatedMicros = nowMicros,
        };
        return true;
    }

    /// <summary>
    /// Mirrors tcp_syn_flood_action: counts TCPReqQFullDoCookies or TCPReqQFullDrop and warns once per listener
    /// (not in mode 2, where cookies are the normal path).
    /// </summary>
    private bool SynFloodAction(int syncookies)
    {
        var wantCookie = syncookies != 0;
        _context.Mib.Increment(wantCookie ? MibCounter.TcpExtTCPReqQFullDoCookies : MibCounter.TcpExtTCPReqQFullDrop);
        if (syncookies != 2 && !SynFloodWarned)
        {
            SynFloodWarned = true;
            var local = _context.LocalAddress;
            SynFloodWarning?.Invoke(
                $"TCP: Possible SYN flooding on port {local.Address}:{local.Port}. {(wantCookie ? "Sending cookies" : "Dropping request")}.");
        }
        return wantCookie;
    }

    /// <summary>
    /// The peer's MSS clamp from tcp_parse_options: the option value (0 is ignored) capped by TCP_MAXSEG; 536
    /// (TCP_MSS_DEFAULT, RFC 1122 §4.2.2.6) without the option.
    /// </summary>
    private static ushort PeerMssClamp(ushort optionMss, int? userMss)
    {
        if (optionMss == 0)
            return DefaultPeerMss;
        return userMss is int user && user > 0 && user < optionMss ? (ushort)user : optionMss;
    }

    /// <summary>
    /// Mirrors tcp_ecn_create_request for classic ECN: the SYN has ECE and CWR, and its IP header is Not-ECT (or
    /// AE is set), and tcp_ecn is non-zero. A SYN that already carries ECT/CE was tampered with (RFC 3168 §6.1.1).
    /// </summary>
    private static bool EcnRequested(in TcpSegment syn, TcpSysctls sysctls)
    {
        if (!syn.Has(TcpFlags.Ece) || !syn.Has(TcpFlags.Cwr))
            return false;
        var ect = (syn.Tos & SynAckBuilder.EcnMask) != 0;
        return (!ect || syn.Has(TcpFlags.Ae)) && sysctls.TcpEcn != 0;
    }
}
