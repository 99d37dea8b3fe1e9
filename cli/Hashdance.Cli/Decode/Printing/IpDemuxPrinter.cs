using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors ip_demux_print (print-ip-demux.c): TCP, UDP and ICMP go to their printers; protocols tcpdump has no
/// printer for get <c> ip-proto-N LEN</c>; protocols tcpdump decodes with a printer hashdance lacks are reported
/// as not decoded.
/// </summary>
internal static class IpDemuxPrinter
{
    private const byte Dccp = 33;
    private const byte Sctp = 132;
    private const byte Icmpv6 = 58;
    private const byte NoNextHeader = 59;
    private const byte NetDisk = 77;

    /// <summary>Protocols with a printer in ip_demux_print, besides those handled here.</summary>
    private static readonly HashSet<byte> DecodedByTcpdump =
        [51, 50, 108, Sctp, Dccp, 9, 88, 8, 89, 2, 4, 41, 46, 47, 55, 103, 112, 113, 143];

    /// <summary>Whether the protocol's printer prints the addresses itself (with ports), so ip_print must not.</summary>
    public static bool PrintsOwnAddresses(byte protocol) =>
        protocol is (byte)IpProtocol.Tcp or (byte)IpProtocol.Udp or Sctp or Dccp;

    /// <param name="payload">Captured bytes of the IP payload (cut at the datagram's end).</param>
    /// <param name="length">The payload length the IP header declares.</param>
    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> payload, uint length, byte protocol, in EnclosingIp ip)
    {
        switch (protocol)
        {
            case (byte)IpProtocol.Tcp:
                return TcpPrinter.Print(context, payload, length, ip);
            case (byte)IpProtocol.Udp:
                return UdpPrinter.Print(context, payload, length, ip);
            case (byte)IpProtocol.Icmp when ip.Version == 4:
                return IcmpPrinter.Print(context, payload, length);
            case Icmpv6 when ip.Version == 6:
                return Icmpv6Printer.Print(context, payload, length, ip);
            case NetDisk:
                context.Append(" nd ").Append(length);
                return PrintResult.Done;
            case NoNextHeader:
                context.Append("no next header");
                return PrintResult.Done;
        }
        if (DecodedByTcpdump.Contains(protocol) || protocol is (byte)IpProtocol.Icmp or Icmpv6)
            return context.Reject($"IPv{ip.Version} {ip.Addresses} protocol {protocol} is not decoded");
        context.Append(" ip-proto-").Append(protocol).Append(' ').Append(length);
        return PrintResult.Done;
    }
}
