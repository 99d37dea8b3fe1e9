using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// A TCP segment the stack under test emitted, read field by field from its frame (checksums verified) at the
/// virtual time it left. <see cref="PayloadIsZero"/> says whether every payload byte is zero (packetdrill's writes
/// send zeros).
/// </summary>
public sealed record CapturedSegment(
    long TimeMicros,
    Ipv4Address Source,
    Ipv4Address Destination,
    byte Ttl,
    byte Tos,
    ushort SourcePort,
    ushort DestinationPort,
    uint Seq,
    uint Ack,
    TcpFlags Flags,
    ushort Window,
    ushort UrgentPointer,
    byte[] Options,
    int PayloadLength,
    bool PayloadIsZero)
{
    /// <summary>Parses an Ethernet frame; null (with the reason) for anything that is not a valid IPv4/TCP frame.</summary>
    public static CapturedSegment? TryParse(ReadOnlySpan<byte> frame, long timeMicros, out string? problem)
    {
        problem = null;
        if (!FrameParser.TryParseIpv4(frame, out _, out var ip, out var transport, out var error))
        {
            problem = $"not an IPv4 frame ({error})";
            return null;
        }
        if (ip.Protocol != IpProtocol.Tcp)
        {
            problem = $"IP protocol {ip.Protocol}";
            return null;
        }
        if (!TcpPacket.TryParse(transport, out var tcp, out error))
        {
            problem = $"bad TCP header ({error})";
            return null;
        }
        if (!tcp.VerifyChecksum(ip.Source, ip.Destination))
        {
            problem = "bad TCP checksum";
            return null;
        }
        var payload = tcp.Payload;
        return new CapturedSegment(timeMicros, ip.Source, ip.Destination, ip.Ttl, ip.Tos, tcp.SourcePort, tcp.DestinationPort,
            tcp.SequenceNumber.Value, tcp.AckNumber.Value, tcp.Flags, tcp.Window, tcp.UrgentPointer, tcp.Options.ToArray(),
            payload.Length, !payload.ContainsAnyExcept((byte)0));
    }

    public override string ToString() =>
        $"{Language.TcpFlagsText.Format(Flags)} {Seq}:{unchecked(Seq + (uint)PayloadLength)}({PayloadLength}) ack {Ack} win {Window}";
}
