using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// Builds the frames the simulated remote peer injects. IPv4 headers carry ID 0, no DF, TTL 255 and TOS 0, as
/// packetdrill's injected packets do (a.11); TCP options are written as given (padded with EOL to 32-bit words);
/// payload is zero bytes. ICMP destination-unreachable messages quote an IPv4 header from the local to the remote
/// address and the first 8 bytes of the TCP header the stack sent (ports and sequence number, RFC 792).
/// </summary>
public static class InboundFrames
{
    public const byte Ttl = 255;

    public readonly record struct Tcp(
        Ipv4Address Source, Ipv4Address Destination, ushort SourcePort, ushort DestinationPort,
        uint Seq, uint Ack, TcpFlags Flags, ushort Window, byte[] Options, int PayloadLength);

    public static byte[] BuildTcp(MacAddress from, MacAddress to, in Tcp tcp)
    {
        var optionLength = (tcp.Options.Length + 3) & ~3;
        var headerLength = TcpPacket.MinHeaderLength + optionLength;
        var segmentLength = headerLength + tcp.PayloadLength;
        var frame = new byte[EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength + segmentLength];
        new EthernetRepr(from, to, EtherType.Ipv4).Emit(frame);
        new Ipv4Repr
        {
            Source = tcp.Source, Destination = tcp.Destination, Protocol = IpProtocol.Tcp, PayloadLength = segmentLength,
            Ttl = Ttl, Tos = 0, Identification = 0, DontFragment = false,
        }.Emit(frame.AsSpan(EthernetRepr.HeaderLength));
        var segment = frame.AsSpan(EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(segment, tcp.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment[2..], tcp.DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment[4..], tcp.Seq);
        BinaryPrimitives.WriteUInt32BigEndian(segment[8..], tcp.Ack);
        BinaryPrimitives.WriteUInt16BigEndian(segment[12..], (ushort)((headerLength / 4) << 12 | ((ushort)tcp.Flags & 0x1FF)));
        BinaryPrimitives.WriteUInt16BigEndian(segment[14..], tcp.Window);
        tcp.Options.CopyTo(segment[TcpPacket.MinHeaderLength..]);
        var pseudo = InternetChecksum.PseudoHeaderSum(tcp.Source, tcp.Destination, (byte)IpProtocol.Tcp, segmentLength);
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..], InternetChecksum.Compute(segment, pseudo));
        return frame;
    }

    /// <summary>
    /// An ICMP message of <paramref name="type"/> and <paramref name="code"/> from <paramref name="remote"/> about a
    /// segment the stack sent from <paramref name="local"/>:<paramref name="localPort"/> to
    /// <paramref name="remote"/>:<paramref name="remotePort"/>. An error type quotes that segment's IP header and
    /// first 8 bytes; a query type (echo, timestamp, …) carries the same bytes as its data, with identifier and
    /// sequence number 0, as packetdrill builds every ICMP line around the quoted segment.
    /// </summary>
    public static byte[] BuildIcmp(MacAddress from, MacAddress to, Ipv4Address local, Ipv4Address remote,
        ushort localPort, ushort remotePort, uint quotedSeq, int quotedPayloadLength, byte type, byte code, ushort nextHopMtu)
    {
        var quotedHeader = new Ipv4Repr
        {
            Source = local, Destination = remote, Protocol = IpProtocol.Tcp,
            PayloadLength = TcpPacket.MinHeaderLength + quotedPayloadLength, Ttl = 64, DontFragment = true,
        };
        var quotedPayload = (ulong)localPort << 48 | (ulong)remotePort << 32 | quotedSeq;
        var icmp = new IcmpV4Repr
        {
            Message = (IcmpV4Message)type,
            Code = code,
            NextHopMtu = nextHopMtu,
            QuotedHeader = quotedHeader,
            QuotedPayload = quotedPayload,
        };
        Span<byte> quoted = stackalloc byte[Ipv4Repr.HeaderLength + IcmpV4Repr.QuotedPayloadLength];
        if (!icmp.IsError)
        {
            quotedHeader.Emit(quoted);
            BinaryPrimitives.WriteUInt64BigEndian(quoted[Ipv4Repr.HeaderLength..], quotedPayload);
        }
        var data = icmp.IsError ? ReadOnlySpan<byte>.Empty : quoted;
        var frame = new byte[EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength + icmp.BufferLength(data.Length)];
        var ip = new Ipv4Repr { Source = remote, Destination = local, Ttl = Ttl };
        var length = FrameBuilder.BuildIcmp(frame, new EthernetRepr(from, to, EtherType.Ipv4), ip, icmp, data);
        return frame[..length];
    }

    /// <summary>ICMP types by packetdrill's names (RFC 792, RFC 950), or <c>type_N</c>.</summary>
    public static bool TryIcmpType(string name, out byte type)
    {
        string?[] names =
        [
            "echo_reply", null, null, "unreachable", "source_quench", "redirect", null, null, "echo_request", null, null,
            "time_exceeded", "parameter_problem", "timestamp_request", "timestamp_reply", "information_request",
            "information_reply", "address_mask_request", "address_mask_reply",
        ];
        var index = Array.IndexOf(names, name);
        if (index >= 0)
        {
            type = (byte)index;
            return true;
        }
        return TryNumbered(name, "type_", out type);
    }

    /// <summary>ICMP codes: packetdrill's destination-unreachable names (RFC 792, RFC 1812), or <c>code_N</c>.</summary>
    public static bool TryIcmpCode(byte type, string name, out byte code)
    {
        string[] names =
        [
            "net_unreachable", "host_unreachable", "protocol_unreachable", "port_unreachable", "frag_needed",
            "source_route_failed", "net_unknown", "host_unknown", "source_host_isolated", "net_prohibited",
            "host_prohibited", "net_unreachable_for_tos", "host_unreachable_for_tos", "packet_filtered",
            "precedence_violation", "precedence_cutoff",
        ];
        var index = type == (byte)IcmpV4Message.DestinationUnreachable ? Array.IndexOf(names, name) : -1;
        if (index >= 0)
        {
            code = (byte)index;
            return true;
        }
        return TryNumbered(name, "code_", out code);
    }

    private static bool TryNumbered(string name, string prefix, out byte value)
    {
        value = 0;
        return name.StartsWith(prefix, StringComparison.Ordinal) && byte.TryParse(name.AsSpan(prefix.Length), out value);
    }
}
