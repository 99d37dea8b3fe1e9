namespace Hashdance.Protocol.Tcp;

/// <summary>What tcp_timewait_state_process decided for a segment (enum tcp_tw_status, net/ipv4/tcp_minisocks.c).</summary>
public enum TimeWaitVerdict : byte
{
    /// <summary>TCP_TW_SUCCESS: nothing to send (a bare ACK, a rate-limited reply, an RST); the entry may be killed.</summary>
    Drop,
    /// <summary>TCP_TW_ACK: the FIN of the FIN_WAIT2 substate arrived; answer with the TIME_WAIT ACK.</summary>
    Ack,
    /// <summary>TCP_TW_ACK_OOW: an out-of-window segment; the TIME_WAIT ACK with the ECN bits of the TOS cleared.</summary>
    AckOutOfWindow,
    /// <summary>TCP_TW_RST: tcp_v4_send_reset for the segment, and the entry dies.</summary>
    Reset,
    /// <summary>TCP_TW_SYN: a new SYN the listener may take with the ISN given; without a listener, the TIME_WAIT ACK.</summary>
    Syn,
}
