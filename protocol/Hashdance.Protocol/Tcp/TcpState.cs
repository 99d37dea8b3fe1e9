namespace Hashdance.Protocol.Tcp;

/// <summary>TCP states with Linux's numbering (include/net/tcp_states.h), so TCP_INFO-like snapshots match tcpi_state.</summary>
public enum TcpState : byte
{
    Established = 1,
    SynSent = 2,
    SynRecv = 3,
    FinWait1 = 4,
    FinWait2 = 5,
    TimeWait = 6,
    Close = 7,
    CloseWait = 8,
    LastAck = 9,
    Listen = 10,
    Closing = 11,
    NewSynRecv = 12,
}
