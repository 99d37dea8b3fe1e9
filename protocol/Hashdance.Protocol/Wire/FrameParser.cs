namespace Hashdance.Protocol.Wire;

/// <summary>
/// One-call receive-path parsing of an Ethernet frame down to IPv4 or TCP, with the same checks as the layer
/// parsers (IPv4 checksum, fragments, TCP header bounds and checksum). Allocation-free; the payload spans point
/// into the frame.
/// </summary>
public static class FrameParser
{
    /// <summary>Ethernet + IPv4; <paramref name="transport"/> is the IPv4 payload trimmed to the total length.
    /// Non-IPv4 frames give <see cref="WireError.UnsupportedEtherType"/>.</summary>
    public static bool TryParseIpv4(ReadOnlySpan<byte> frame, out EthernetRepr ethernet, out Ipv4Repr ip,
        out ReadOnlySpan<byte> transport, out WireError error)
    {
        ip = default;
        transport = default;
        if (!EthernetRepr.TryParse(frame, out ethernet, out error)) return false;
        if (ethernet.EtherType != EtherType.Ipv4)
        {
            error = WireError.UnsupportedEtherType;
            return false;
        }
        var packetBytes = frame[EthernetRepr.HeaderLength..];
        if (!Ipv4Packet.TryParse(packetBytes, out var packet, out error)) return false;
        if (!Ipv4Repr.TryParse(packet, out ip, out error)) return false;
        transport = packet.Payload;
        return true;
    }

    /// <summary>Ethernet + IPv4 + TCP with checksum verification; <paramref name="payload"/> is the segment data.
    /// Non-TCP datagrams give <see cref="WireError.UnsupportedProtocol"/>.</summary>
    public static bool TryParseTcp(ReadOnlySpan<byte> frame, in TcpParseSettings settings, out EthernetRepr ethernet,
        out Ipv4Repr ip, out TcpRepr tcp, out ReadOnlySpan<byte> payload, out WireError error)
    {
        tcp = default;
        payload = default;
        if (!TryParseIpv4(frame, out ethernet, out ip, out var segment, out error)) return false;
        if (ip.Protocol != IpProtocol.Tcp)
        {
            error = WireError.UnsupportedProtocol;
            return false;
        }
        if (!TcpRepr.TryParse(segment, ip.Source, ip.Destination, settings, out tcp, out error)) return false;
        payload = segment[tcp.PayloadOffset..];
        return true;
    }
}
