namespace Hashdance.Protocol.Tcp;

/// <summary>enum tcp_ca_state (include/net/tcp.h): the loss-recovery state machine's states.</summary>
public enum CongestionState : byte
{
    /// <summary>TCP_CA_Open: nothing suspicious.</summary>
    Open,
    /// <summary>TCP_CA_Disorder: duplicate ACKs or SACKs seen, no loss inferred yet.</summary>
    Disorder,
    /// <summary>TCP_CA_CWR: the window is being reduced for ECN or a local congestion signal.</summary>
    Cwr,
    /// <summary>TCP_CA_Recovery: fast retransmit / SACK loss recovery.</summary>
    Recovery,
    /// <summary>TCP_CA_Loss: after a retransmission timeout.</summary>
    Loss,
}
