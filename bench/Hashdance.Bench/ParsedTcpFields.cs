namespace Hashdance.Bench;

/// <summary>
/// What a parse benchmark extracts from an Ethernet/IPv4/TCP frame, in the same form for both libraries, so the
/// setup guard can compare them field by field and the benchmark can return it (which keeps the JIT from
/// discarding the work). <c>default</c> means the frame was rejected (bad checksum or malformed).
/// </summary>
public readonly record struct ParsedTcpFields(
    ulong SourceMac,
    ulong DestinationMac,
    uint SourceIp,
    uint DestinationIp,
    ushort SourcePort,
    ushort DestinationPort,
    uint SequenceNumber,
    uint AckNumber,
    ushort Flags,
    ushort Window,
    ushort Mss,
    int WindowScale,
    bool SackPermitted,
    bool HasTimestamps,
    uint TsVal,
    uint TsEcr,
    int PayloadLength);
