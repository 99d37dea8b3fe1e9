namespace Hashdance.Protocol.Tcp;

/// <summary>What <see cref="ListenerCore"/> did with a segment that reached the listener.</summary>
public enum ListenerVerdict : byte
{
    /// <summary>Silently discarded, as tcp_rcv_state_process does in LISTEN for a bare RST, SYN|FIN, a bare FIN or a
    /// segment without flags; nothing was counted.</summary>
    Ignored,

    /// <summary>A SYN was dropped by tcp_conn_request (tcp_listendrop: ListenDrops was counted, plus the reason's own
    /// counter: ListenOverflows, TCPReqQFullDrop, or none for the "last quarter" rule).</summary>
    Dropped,

    /// <summary>A stateless RST was handed to the output (tcp_v4_send_reset): an ACK that no request or cookie
    /// explains.</summary>
    ResetSent,

    /// <summary>A syncookie SYN-ACK was sent; no state was kept (TCP_SYNACK_COOKIE).</summary>
    CookieSynAckSent,

    /// <summary>A new request sock was built and counted into the SYN queue (qlen, young). The caller spawns its
    /// actor, asks the ingress to hash it and then calls <see cref="RequestSockCore.OnHashed"/> (which sends the
    /// SYN-ACK) or <see cref="RequestSockCore.OnHashFailed"/>.</summary>
    RequestCreated,

    /// <summary>An ACK carried a valid syncookie (cookie_v4_check): the request was rebuilt from it. The caller calls
    /// <see cref="ListenerCore.TryQueueChild"/> and, when it succeeds, creates the child from the request and feeds it
    /// this segment; when it fails the segment is dropped (the peer retransmits).</summary>
    CookieChildCreated,

    /// <summary>A SYN passed tcp_try_fastopen (a valid cookie, or none needed): the request is a Fast Open one, its
    /// child already holds a slot in the accept queue (PassiveOpens and TCPFastOpenPassive were counted) and one in
    /// the listener's Fast Open queue. The caller creates the child at once from the request and the SYN (with its
    /// data) through <see cref="TcpConnectionCore.FromFastOpenSyn"/>, which sends the SYN-ACK; no request sock is
    /// hashed and the SYN queue is not charged.</summary>
    FastOpenChildCreated,
}
