namespace Hashdance.Protocol.Wire;

/// <summary>One SACK block (RFC 2018): the left edge and the sequence number after the last byte received.</summary>
public readonly record struct TcpSackBlock(SeqNum Start, SeqNum End);
