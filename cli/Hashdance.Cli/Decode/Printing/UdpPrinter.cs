using System.Buffers.Binary;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors udp_print (print-udp.c) without <c>-v</c> for datagrams tcpdump does not dissect further:
/// <c>src.port > dst.port: UDP, length N</c> and its length complaints. Datagrams to or from a port tcpdump hands
/// to an application printer (DNS, DHCP, NTP, ...) are reported as not decoded.
/// </summary>
internal static class UdpPrinter
{
    private const int HeaderLength = 8;
    private const ushort NfsPort = 2049;
    private const byte AppleTalkDdp = 2;

    /// <summary>Ports for which udp_print calls an application printer (udp.h and print-udp.c).</summary>
    private static readonly HashSet<ushort> DissectedPorts =
    [
        53, 67, 68, 69, 88, 123, 137, 138, 161, 162, 319, 320, 496, 500, 514, 520, 521, 525, 546, 547, 646, 654, 698,
        701, 750, 921, 1589, 1645, 1646, 1700, 1701, 1812, 1813, 1985, 2103, 2104, 3456, 3503, 3784, 3785, 3799,
        4342, 4500, 4567, 4784, 4789, 4790, 5060, 5353, 5359, 6081, 6343, 6635, 6696, 6697, 6784, 7500, 8231, 8472,
        8500, 12222, 12223, 17754, 30490, 49152,
    ];

    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> datagram, uint length, in EnclosingIp ip)
    {
        context.Protocol = "udp";
        if (datagram.Length < 4)
        {
            context.Append(ip.Addresses).Append(": ");
            return PrintResult.Truncated;
        }
        var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        var endpoints = ip.Endpoints(sourcePort, destinationPort);
        if (length < HeaderLength)
        {
            context.Append(endpoints).Append("truncated-udp ").Append(length);
            return PrintResult.Done;
        }
        if (datagram.Length < 6)
        {
            context.Append(endpoints);
            return PrintResult.Truncated;
        }
        uint udpLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]);
        if (udpLength == 0 && length > 65535) udpLength = length;
        if (udpLength < HeaderLength)
        {
            context.Append(endpoints).Append("truncated-udplength ").Append(udpLength);
            return PrintResult.Done;
        }
        udpLength -= HeaderLength;
        length -= HeaderLength;
        if (udpLength < length) length = udpLength;
        context.Append(endpoints);
        if (datagram.Length < HeaderLength) return PrintResult.Truncated;

        if (HasApplicationPrinter(datagram, sourcePort, destinationPort))
            return context.Reject($"UDP {endpoints}length {udpLength}: tcpdump decodes this port's payload, hashdance does not");

        if (udpLength > length && !ip.MoreFragments)
            context.Append("UDP, bad length ").Append(udpLength).Append(" > ").Append(length);
        else
            context.Append("UDP, length ").Append(udpLength);
        return PrintResult.Done;
    }

    private static bool HasApplicationPrinter(ReadOnlySpan<byte> datagram, ushort sourcePort, ushort destinationPort)
    {
        if (DissectedPorts.Contains(sourcePort) || DissectedPorts.Contains(destinationPort)) return true;
        if (IsRxPort(sourcePort) || IsRxPort(destinationPort)) return true;
        // Sun RPC over UDP to or from the NFS port is printed as NFS when the direction word is captured.
        if ((sourcePort == NfsPort || destinationPort == NfsPort) && datagram.Length >= HeaderLength + 8) return true;
        // AppleTalk in UDP ("kip"): a LAP header of type DDP on an AppleTalk socket number.
        return datagram.Length > HeaderLength + 2 && datagram[HeaderLength + 2] == AppleTalkDdp
            && (IsAppleTalkPort(sourcePort) || IsAppleTalkPort(destinationPort));
    }

    private static bool IsRxPort(ushort port) => port is >= 7000 and <= 7009;

    private static bool IsAppleTalkPort(ushort port) =>
        (uint)(port - 16512) < 128 || (uint)(port - 200) < 128 || (uint)(port - 768) < 128;
}
