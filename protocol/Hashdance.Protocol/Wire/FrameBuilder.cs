namespace Hashdance.Protocol.Wire;

/// <summary>
/// Emits complete Ethernet frames into a caller's buffer, computing lengths and checksums. Allocation-free; this is
/// how a segment is put on the wire. The IPv4 identification, DF, TTL and TOS come from the <see cref="Ipv4Repr"/>
/// (Linux: DF with ID 0 for PMTU-discovering sockets and small SYN-ACKs, see ip_build_and_send_pkt); its protocol
/// and payload length are filled in here, as is the EtherType. Frames are not padded to 60 bytes (the NIC does).
/// </summary>
public static class FrameBuilder
{
    /// <summary>Ethernet + IPv4 + TCP. Returns the frame length.</summary>
    public static int BuildTcp(Span<byte> frame, in EthernetRepr ethernet, in Ipv4Repr ip, in TcpRepr tcp, ReadOnlySpan<byte> payload)
    {
        var ipStart = EthernetRepr.HeaderLength;
        var tcpStart = ipStart + Ipv4Repr.HeaderLength;
        var segmentLength = tcp.Emit(frame[tcpStart..], ip.Source, ip.Destination, payload);
        return FinishIpv4(frame, ethernet, ip, IpProtocol.Tcp, segmentLength);
    }

    /// <summary>Ethernet + IPv4 + ICMP. <paramref name="echoData"/> is used for echo messages only.</summary>
    public static int BuildIcmp(Span<byte> frame, in EthernetRepr ethernet, in Ipv4Repr ip, in IcmpV4Repr icmp, ReadOnlySpan<byte> echoData)
    {
        var icmpStart = EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength;
        var messageLength = icmp.Emit(frame[icmpStart..], echoData);
        return FinishIpv4(frame, ethernet, ip, IpProtocol.Icmp, messageLength);
    }

    /// <summary>Ethernet + ARP.</summary>
    public static int BuildArp(Span<byte> frame, in EthernetRepr ethernet, in ArpRepr arp)
    {
        (ethernet with { EtherType = EtherType.Arp }).Emit(frame);
        return EthernetRepr.HeaderLength + arp.Emit(frame[EthernetRepr.HeaderLength..]);
    }

    private static int FinishIpv4(Span<byte> frame, in EthernetRepr ethernet, in Ipv4Repr ip, IpProtocol protocol, int payloadLength)
    {
        (ethernet with { EtherType = EtherType.Ipv4 }).Emit(frame);
        (ip with { Protocol = protocol, PayloadLength = payloadLength, OptionsLength = 0 }).Emit(frame[EthernetRepr.HeaderLength..]);
        return EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength + payloadLength;
    }
}
