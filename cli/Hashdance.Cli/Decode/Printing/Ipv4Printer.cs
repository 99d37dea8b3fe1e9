using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors ip_print (print-ip.c) without <c>-v</c>: <c>IP </c>, the header sanity messages tcpdump prints
/// (<c>truncated-ip - N bytes missing!</c>, <c>bad-hlen</c>, <c>bad-len</c>), the snapshot cut at the total length
/// (so Ethernet padding is never seen), and the hand-off to <see cref="IpDemuxPrinter"/> for first fragments or
/// <c>src > dst: ip-proto-N</c> for later ones. Checksums are not checked, as tcpdump does not without -v.
/// </summary>
internal static class Ipv4Printer
{
    private const int MinHeaderLength = Ipv4Packet.MinHeaderLength;

    /// <param name="captured">The captured bytes from the IP header on.</param>
    /// <param name="length">The bytes after the link header on the wire.</param>
    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> captured, uint length)
    {
        context.Protocol = "ip";
        if (captured.IsEmpty) return PrintResult.Truncated;
        var version = captured[0] >> 4;
        if (version != 4)
        {
            context.Append(version == 6 ? "IP6, wrong link-layer encapsulation" : $"IP{version}").AppendInvalid();
            return PrintResult.Done;
        }
        context.Append("IP ");
        if (captured.Length < MinHeaderLength) return PrintResult.Truncated;
        if (length < MinHeaderLength)
        {
            context.Append("truncated-ip ").Append(length);
            return PrintResult.Done;
        }
        var headerLength = (uint)(captured[0] & 0xF) * 4;
        if (headerLength < MinHeaderLength)
        {
            context.Append("bad-hlen ").Append(headerLength);
            return PrintResult.Done;
        }
        uint totalLength = BinaryPrimitives.ReadUInt16BigEndian(captured[2..]);
        if (length < totalLength) context.Append("truncated-ip - ").Append(totalLength - length).Append(" bytes missing! ");
        if (totalLength < headerLength)
        {
            context.Append("bad-len ").Append(totalLength);
            return PrintResult.Done;
        }

        // nd_push_snaplen: nothing past the datagram (Ethernet padding) is visible to the layers above.
        if (captured.Length > totalLength) captured = captured[..(int)totalLength];
        var fragmentField = BinaryPrimitives.ReadUInt16BigEndian(captured[6..]);
        var protocol = captured[9];
        var ip = new EnclosingIp(Ipv4Address.Read(captured[12..]).ToString(), Ipv4Address.Read(captured[16..]).ToString(), 4,
            MoreFragments: (fragmentField & 0x2000) != 0);
        if ((fragmentField & 0x1FFF) != 0)
        {
            context.Append(ip.Addresses).Append(": ip-proto-").Append(protocol);
            return PrintResult.Done;
        }
        if (!IpDemuxPrinter.PrintsOwnAddresses(protocol)) context.Append(ip.Addresses).Append(": ");
        if (captured.Length < headerLength)
        {
            context.Append(" [remaining caplen(").Append(captured.Length).Append(") < header length(").Append(headerLength).Append(")]");
            return PrintResult.Truncated;
        }
        return IpDemuxPrinter.Print(context, captured[(int)headerLength..], totalLength - headerLength, protocol, ip);
    }
}
