namespace Hashdance.Protocol.Tcp;

/// <summary>What <see cref="RequestSockCore"/> did with a segment for its request (tcp_check_req's outcome).</summary>
public enum CheckReqVerdict : byte
{
    /// <summary>Handled (maybe answered); the request stays.</summary>
    Consumed,

    /// <summary>The request is gone (embryonic reset, abort on overflow, ICMP); the queue count was given back. The
    /// shell asks the ingress to unhash it and stops.</summary>
    Removed,

    /// <summary>tcp_check_req returned the listener: the shell hands this segment to
    /// <see cref="ListenerCore.OnSegment"/>, which answers a bad ACK with <c>RST seq=SEG.ACK</c>. The request stays.</summary>
    PassToListener,

    /// <summary>A valid ACK: the listener should create the child (<see cref="ListenerCore.TryQueueChild"/>) from
    /// <see cref="RequestSockCore.State"/> and this segment, then the shell calls
    /// <see cref="RequestSockCore.OnHandedToChild"/>; on refusal <see cref="RequestSockCore.OnChildRefused"/>.</summary>
    ChildWanted,

    /// <summary>The request no longer owns its 4-tuple: its listener left LISTEN (tcp_v4_rcv drops the request and
    /// looks the segment up again, which normally ends in tcp_v4_send_reset), or it was already removed. The queue
    /// count was given back; the shell unhashes the request and re-dispatches the segment through the ingress.</summary>
    Relookup,
}
