using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors ip6_print (print-ip6.c) without <c>-v</c> for a fixed IPv6 header followed directly by an upper-layer
/// header: <c>IP6 </c>, then TCP and UDP through the same printers as IPv4. Extension headers and ICMPv6 are
/// reported as not decoded.
/// </summary>
internal static class Ipv6Printer
{
    private const int HeaderLength = 40;
    private const int AddressLength = 16;

    /// <summary>Next-header values ip6_print treats as extension headers.</summary>
    private static readonly HashSet<byte> ExtensionHeaders = [0, 43, 44, 60, 62, 135];

    /// <param name="captured">The captured bytes from the IPv6 header on.</param>
    /// <param name="length">The bytes after the link header on the wire.</param>
    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> captured, uint length)
    {
        context.Protocol = "ip6";
        if (captured.Length < HeaderLength) return PrintResult.Truncated;
        if (length < HeaderLength)
        {
            context.Append("truncated-ip6 ").Append(length);
            return PrintResult.Done;
        }
        context.Append("IP6 ");
        var version = captured[0] >> 4;
        if (version != 6)
        {
            context.Append("version error: ").Append(version).Append(" != 6");
            return PrintResult.Done;
        }
        uint payloadLength = BinaryPrimitives.ReadUInt16BigEndian(captured[4..]);
        var nextHeader = captured[6];
        var ip = new EnclosingIp(FormatAddress(captured.Slice(8, AddressLength)), FormatAddress(captured.Slice(24, AddressLength)), 6,
            MoreFragments: false);
        if (ExtensionHeaders.Contains(nextHeader))
            return context.Reject($"IPv6 {ip.Addresses} with extension header {nextHeader} is not decoded");

        // A zero payload length announces a jumbogram (RFC 2675); without a hop-by-hop Jumbo option ip6_print
        // treats the datagram as the bare header.
        var datagramLength = payloadLength + HeaderLength;
        if (payloadLength != 0 && length < datagramLength)
            context.Append("truncated-ip6 - ").Append(datagramLength - length).Append(" bytes missing!");
        if (captured.Length > datagramLength) captured = captured[..(int)datagramLength];
        if (!IpDemuxPrinter.PrintsOwnAddresses(nextHeader)) context.Append(ip.Addresses).Append(": ");
        return IpDemuxPrinter.Print(context, captured[HeaderLength..], payloadLength, nextHeader, ip);
    }

    /// <summary>Mirrors addrtostr6 (addrtostr.c): lower-case hex groups, the longest run of two or more zero groups
    /// (the first of equal runs) as <c>::</c>, and the IPv4-compatible and IPv4-mapped forms with a dotted quad.</summary>
    public static string FormatAddress(ReadOnlySpan<byte> address)
    {
        Span<ushort> words = stackalloc ushort[8];
        for (var i = 0; i < 8; i++) words[i] = BinaryPrimitives.ReadUInt16BigEndian(address[(2 * i)..]);

        int bestBase = -1, bestLength = 0, currentBase = -1, currentLength = 0;
        for (var i = 0; i < 8; i++)
        {
            if (words[i] == 0)
            {
                if (currentBase == -1) (currentBase, currentLength) = (i, 1);
                else currentLength++;
            }
            else if (currentBase != -1)
            {
                if (bestBase == -1 || currentLength > bestLength) (bestBase, bestLength) = (currentBase, currentLength);
                currentBase = -1;
            }
        }
        if (currentBase != -1 && (bestBase == -1 || currentLength > bestLength)) (bestBase, bestLength) = (currentBase, currentLength);
        if (bestBase != -1 && bestLength < 2) bestBase = -1;

        var text = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLength)
            {
                if (i == bestBase) text.Append(':');
                continue;
            }
            if (i != 0) text.Append(':');
            if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF)))
            {
                text.Append(Ipv4Address.Read(address[12..]).ToString());
                return text.ToString();
            }
            text.Append(words[i].ToString("x", CultureInfo.InvariantCulture));
        }
        if (bestBase != -1 && bestBase + bestLength == 8) text.Append(':');
        return text.ToString();
    }
}
