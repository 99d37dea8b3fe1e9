namespace Hashdance.Actors.Stack;

/// <summary>
/// The named points in a socket actor's life where a test can make it fail (see <see cref="ICrashPoints"/>), to
/// check that supervision leaves the stack as Linux would be after losing that socket.
/// </summary>
public enum CrashPoint
{
    /// <summary>A request sock, right after its first SYN-ACK went out and its timer was armed (it is hashed).</summary>
    RequestSockAfterSynAck,

    /// <summary>A request sock, as a segment for it arrives (before tcp_check_req looks at it).</summary>
    RequestSockOnSegment,

    /// <summary>A request sock, as its SYN-ACK timer fires (before reqsk_timer_handler retransmits).</summary>
    RequestSockOnTimer,

    /// <summary>A passive child, right after tcp_child_process made it ESTABLISHED (before it is accepted).</summary>
    ConnectionAfterEstablished,

    /// <summary>A connection, as a segment for it arrives (before tcp_rcv_established / tcp_rcv_state_process).</summary>
    ConnectionOnSegment,

    /// <summary>A listener, as a segment reaches it (before tcp_rcv_state_process in LISTEN).</summary>
    ListenerOnSegment,

    /// <summary>A listener, as a request sock asks it for its child (before sk_acceptq_is_full is checked).</summary>
    ListenerOnChildWanted,

    /// <summary>A listener whose accept queue is full, as it refuses a child (a request sock's or a syncookie's).</summary>
    ListenerAcceptQueueFull,
}
