using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>The Ethernet/IPv4/TCP frames the kit's peers send: TTL 64, DF set, as a Linux peer sends them.</summary>
internal static class PeerFrames
{
    public static byte[] Tcp(MacAddress sourceMac, MacAddress destinationMac, Ipv4Address source, Ipv4Address destination, TcpRepr tcp,
        ReadOnlySpan<byte> payload, byte tos, ushort ipId)
    {
        var ip = new Ipv4Repr
        {
            Source = source,
            Destination = destination,
            Protocol = IpProtocol.Tcp,
            PayloadLength = tcp.HeaderLength + payload.Length,
            Ttl = 64,
            Tos = tos,
            Identification = ipId,
            DontFragment = true,
        };
        var buffer = new byte[EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength + tcp.HeaderLength + payload.Length];
        var n = FrameBuilder.BuildTcp(buffer, new EthernetRepr(sourceMac, destinationMac, EtherType.Ipv4), ip, tcp with { PayloadLength = payload.Length },
            payload);
        return buffer[..n];
    }
}
