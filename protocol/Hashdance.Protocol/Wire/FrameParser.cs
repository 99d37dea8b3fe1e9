using System.Runtime.CompilerServices;

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
        var parsed = TryParseIpv4Views(frame, out var ethernetView, out var packet, out error);
        // As before the views existed: the Ethernet fields are reported whenever the header was present.
        ethernet = ethernetView.Buffer.IsEmpty ? default : EthernetRepr.FromFrame(ethernetView);
        ip = parsed ? Ipv4Repr.FromPacket(packet) : default;
        transport = parsed ? packet.Payload : default;
        return parsed;
    }

    /// <summary>Ethernet + IPv4 + TCP with checksum verification; <paramref name="payload"/> is the segment data.
    /// Non-TCP datagrams give <see cref="WireError.UnsupportedProtocol"/>.</summary>
    /// <remarks>Builds a <see cref="TcpRepr"/> (options re-expressed as a <see cref="TcpOptionSet"/>), which
    /// costs about as much as the parse itself; per-segment code should prefer <see cref="TryParseTcpViews"/>.</remarks>
    public static bool TryParseTcp(ReadOnlySpan<byte> frame, in TcpParseSettings settings, out EthernetRepr ethernet,
        out Ipv4Repr ip, out TcpRepr tcp, out ReadOnlySpan<byte> payload, out WireError error)
    {
        if (!TryParseIpv4(frame, out ethernet, out ip, out var segment, out error)
            || !TryParseTcpSegment(segment, ip.Protocol, ip.Source, ip.Destination, settings, out var packet, out var options, out error))
        {
            tcp = default;
            payload = default;
            return false;
        }
        TcpRepr.FromPacket(packet, options, out tcp);
        payload = packet.Payload;
        return true;
    }

    /// <summary>
    /// The checks of <see cref="TryParseTcp"/> without building reprs: the three validated views (every getter in
    /// range; IPv4 checksum, fragment and protocol checks and the TCP checksum done) and the options parsed into
    /// <see cref="TcpOptions"/>, the struct the handshake code consumes. This is the fast receive path: no
    /// <see cref="TcpOptionSet"/> is built and no large struct is copied. The payload is <c>tcp.Payload</c>.
    /// </summary>
    public static bool TryParseTcpViews(ReadOnlySpan<byte> frame, in TcpParseSettings settings, out EthernetFrame ethernet,
        out Ipv4Packet ip, out TcpPacket tcp, out TcpOptions options, out WireError error)
    {
        if (TryParseIpv4Views(frame, out ethernet, out ip, out error))
            return TryParseTcpSegment(ip.Payload, ip.Protocol, ip.Source, ip.Destination, settings, out tcp, out options, out error);
        tcp = default;
        options = default;
        return false;
    }

    /// <summary>The transport half shared by both TCP parses: protocol, TCP header bounds, the checksum over the
    /// pseudo-header (tcp_v4_checksum_init), then the options.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseTcpSegment(ReadOnlySpan<byte> segment, IpProtocol protocol, Ipv4Address source,
        Ipv4Address destination, in TcpParseSettings settings, out TcpPacket tcp, out TcpOptions options, out WireError error)
    {
        // options is written once, by the parse: zeroing it up front as well would store its ~90 bytes twice.
        if (protocol != IpProtocol.Tcp)
        {
            tcp = default;
            error = WireError.UnsupportedProtocol;
        }
        else if (!TcpPacket.TryParse(segment, out tcp, out error)) { }
        else if (!tcp.VerifyChecksum(source, destination))
        {
            error = WireError.BadChecksum;
        }
        else
        {
            TcpOptions.Parse(tcp.Options, (tcp.Flags & TcpFlags.Syn) != 0, settings, out options);
            return true;
        }
        options = default;
        return false;
    }

    /// <summary>Ethernet + IPv4 views with the checks ip_rcv_core applies before the transport sees the packet:
    /// EtherType, version, lengths, header checksum, and no fragments (there is no reassembly).</summary>
    public static bool TryParseIpv4Views(ReadOnlySpan<byte> frame, out EthernetFrame ethernet, out Ipv4Packet ip,
        out WireError error)
    {
        ip = default;
        if (!EthernetFrame.TryParse(frame, out ethernet, out error)) return false;
        if (ethernet.EtherType != EtherType.Ipv4)
        {
            error = WireError.UnsupportedEtherType;
            return false;
        }
        return Ipv4Packet.TryParse(ethernet.Payload, out ip, out error) && Ipv4Repr.IsReceivable(ip, out error);
    }
}
