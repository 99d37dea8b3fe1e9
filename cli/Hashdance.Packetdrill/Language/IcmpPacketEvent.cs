namespace Hashdance.Packetdrill.Language;

/// <summary>
/// An ICMP line: <c>&lt; icmp TYPE [CODE] [mtu N] [[start:end(len)]]</c>. The bracketed range names the quoted TCP
/// segment by its (local, relative) sequence numbers; null when omitted.
/// </summary>
public sealed record IcmpPacketEvent(
    PacketDirection Direction,
    string Type,
    string? Code,
    int? Mtu,
    uint? QuotedStartSeq,
    uint? QuotedEndSeq,
    int? QuotedLength) : EventAction;
