using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A request sock in TCP_NEW_SYN_RECV: what Linux keeps between the SYN and the third ACK. Mirrors the fields of
/// struct request_sock, inet_request_sock and tcp_request_sock (include/net/request_sock.h, inet_sock.h, tcp.h) that
/// affect the wire. Filled by tcp_openreq_init / tcp_openreq_init_rwin (net/ipv4/tcp_input.c, tcp_minisocks.c) in
/// ListenerCore, mutated afterwards only by the request's own core, and handed to the child by
/// tcp_create_openreq_child. For a syncookie connection it is rebuilt from the cookie ACK (cookie_v4_check) and no
/// request actor ever holds it.
/// </summary>
public sealed class RequestSockState
{
    /// <summary>ir_loc_addr/ir_num and ir_rmt_addr/ir_rmt_port.</summary>
    public FourTuple Tuple { get; init; }

    /// <summary>tcp_rsk(req)->rcv_isn: the peer's ISN (SEG.SEQ of its SYN).</summary>
    public SeqNum RcvIsn { get; init; }

    /// <summary>tcp_rsk(req)->rcv_nxt = rcv_isn + 1 (+ TFO data).</summary>
    public SeqNum RcvNxt { get; set; }

    /// <summary>tcp_rsk(req)->snt_isn: our ISN (secure_tcp_seq, a syncookie, or the TIME_WAIT recycle ISN).</summary>
    public SeqNum SntIsn { get; init; }

    /// <summary>req->mss: the peer's MSS clamp (536 when absent; rounded to the cookie table for cookies).</summary>
    public ushort Mss { get; init; }

    /// <summary>The MSS we advertise: tcp_mss_clamp(listener, route advmss).</summary>
    public ushort AdvertisedMss { get; init; }

    /// <summary>req->ts_recent: the peer's TSval from the SYN (0 when none).</summary>
    public uint TsRecent { get; set; }

    /// <summary>tcp_rsk(req)->ts_off: added to our 1 kHz clock to form TSval.</summary>
    public uint TsOffset { get; init; }

    public bool TimestampOk { get; init; }
    public bool SackOk { get; init; }
    public bool WindowScaleOk { get; init; }

    /// <summary>ireq->snd_wscale: the peer's window scale.</summary>
    public byte SndWscale { get; init; }

    /// <summary>ireq->rcv_wscale: ours, from tcp_select_initial_window.</summary>
    public byte RcvWscale { get; init; }

    /// <summary>req->rsk_rcv_wnd.</summary>
    public uint RcvWnd { get; init; }

    /// <summary>req->rsk_window_clamp.</summary>
    public uint WindowClamp { get; init; }

    /// <summary>ireq->ecn_ok: classic ECN negotiated (SYN-ACK carries ECE).</summary>
    public bool EcnOk { get; init; }

    /// <summary>True when this request exists only as a syncookie (no request actor, no retransmission).</summary>
    public bool IsCookie { get; init; }

    /// <summary>
    /// tcp_rsk(req)->tfo_listener: a Fast Open child was created from this request at once (tcp_try_fastopen); the
    /// request then lives on only to build the child's SYN-ACK retransmissions.
    /// </summary>
    public bool FastOpen { get; set; }

    /// <summary>
    /// The Fast Open cookie tcp_conn_request passes to the first SYN-ACK (foc, 8 bytes as a little-endian word), or
    /// null when that SYN-ACK carries none; retransmissions never carry it (tcp_rtx_synack passes no foc).
    /// </summary>
    public ulong? SynAckCookie { get; set; }

    /// <summary>foc->exp: the cookie goes back in the experimental option (kind 254), as the SYN asked.</summary>
    public bool SynAckCookieExperimental { get; set; }

    /// <summary>inet_rsk(req)->acked: a bare ACK was seen but dropped (TCP_DEFER_ACCEPT or a full accept queue).</summary>
    public bool Acked { get; set; }

    /// <summary>req->num_timeout: timer expiries so far.</summary>
    public int NumTimeout { get; set; }

    /// <summary>req->num_retrans: SYN-ACK retransmissions so far.</summary>
    public int NumRetrans { get; set; }

    /// <summary>req->timeout: the base SYN-ACK timeout (TCP_TIMEOUT_INIT, 1 s).</summary>
    public long TimeoutMicros { get; init; } = 1_000_000;

    /// <summary>tcp_rsk(req)->snt_synack: when the first SYN-ACK left (µs), 0 before that.</summary>
    public long SntSynAckMicros { get; set; }

    /// <summary>tcp_rsk(req)->snt_tsval_first / snt_tsval_last: the TSvals of our first and latest SYN-ACK.</summary>
    public uint SntTsvalFirst { get; set; }

    public uint SntTsvalLast { get; set; }

    /// <summary>req->rsk_ack_backlog-free rate limit: tcp_rsk(req)->last_oow_ack_time (µs), 0 = never.</summary>
    public long LastOutOfWindowAckMicros { get; set; }

    /// <summary>tcp_rsk(req)->syn_tos: the SYN's DS field.</summary>
    public byte SynTos { get; init; }

    /// <summary>TCP_SAVE_SYN: the SYN's IP and TCP headers (and link header for mode 2), or null.</summary>
    public byte[]? SavedSyn { get; init; }

    /// <summary>TCP_DEFER_ACCEPT of the listener, in SYN-ACK retransmissions (rskq_defer_accept).</summary>
    public byte DeferAcceptRetrans { get; init; }

    /// <summary>When the SYN arrived (µs); used for the accept latency and PAWS stamps.</summary>
    public long CreatedMicros { get; init; }
}
