namespace Hashdance.Protocol.Wire;

/// <summary>The two fields of the timestamps option (RFC 7323 §3): TSval and TSecr.</summary>
public readonly record struct TcpTimestamps(uint Value, uint EchoReply);
