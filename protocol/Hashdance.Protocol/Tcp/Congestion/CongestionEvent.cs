namespace Hashdance.Protocol.Tcp;

/// <summary>enum tcp_ca_event (include/net/tcp.h), as far as the modules here use it.</summary>
public enum CongestionEvent : byte
{
    /// <summary>CA_EVENT_TX_START: first transmission when no packet is in flight.</summary>
    TxStart,
    /// <summary>CA_EVENT_CWND_RESTART: congestion window restart after idle.</summary>
    CwndRestart,
    /// <summary>CA_EVENT_COMPLETE_CWR: the end of a window reduction.</summary>
    CompleteCwr,
    /// <summary>CA_EVENT_LOSS: a retransmission timeout (tcp_enter_loss).</summary>
    Loss,
}
