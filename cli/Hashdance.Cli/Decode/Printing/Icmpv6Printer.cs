using System.Buffers.Binary;
using System.Globalization;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors icmp6_print (print-icmp6.c) without <c>-v</c> for the messages of RFC 4443 and RFC 4861:
/// <c>ICMP6, echo request, id 1, seq 1, length 64</c>, <c>ICMP6, neighbor solicitation, who has fe80::1, length 32</c>,
/// <c>ICMP6, destination unreachable, unreachable port, ::1 udp port 9, length 62</c>. Multicast listener, node
/// information, router renumbering and RPL messages have printers of their own in tcpdump and are not decoded.
/// </summary>
internal static class Icmpv6Printer
{
    private const byte DestinationUnreachable = 1;
    private const byte PacketTooBig = 2;
    private const byte TimeExceeded = 3;
    private const byte ParameterProblem = 4;
    private const byte EchoRequest = 128;
    private const byte EchoReply = 129;
    private const byte NeighborSolicitation = 135;
    private const byte NeighborAdvertisement = 136;
    private const byte Redirect = 137;
    private const byte HomeAgentDiscoveryRequest = 144;
    private const byte MobilePrefixSolicitation = 146;

    /// <summary>Offset of the invoking packet's IPv6 header in an error message.</summary>
    private const int Quoted = 8;

    private static readonly Dictionary<byte, string> TypeNames = new()
    {
        [1] = "destination unreachable", [2] = "packet too big", [3] = "time exceeded in-transit",
        [4] = "parameter problem", [128] = "echo request", [129] = "echo reply", [130] = "multicast listener query",
        [131] = "multicast listener report", [132] = "multicast listener done", [133] = "router solicitation",
        [134] = "router advertisement", [135] = "neighbor solicitation", [136] = "neighbor advertisement",
        [137] = "redirect", [138] = "router renumbering", [139] = "node information query",
        [140] = "node information reply", [141] = "inverse neighbor solicitation",
        [142] = "inverse neighbor advertisement", [143] = "multicast listener report v2",
        [144] = "ha discovery request", [145] = "ha discovery reply", [146] = "mobile router solicitation",
        [147] = "mobile router advertisement", [155] = "RPL", [200] = "mtrace response", [201] = "mtrace message",
    };

    /// <summary>Types whose tcpdump printers (MLD, router renumbering, node information, RPL) are not reproduced.</summary>
    private static readonly HashSet<byte> DecodedByTcpdumpOnly = [130, 131, 132, 138, 139, 140, 143, 155];

    /// <summary>Types printed without anything after the name.</summary>
    private static readonly HashSet<byte> NameOnly = [133, 134, 141, 142, 145, 147];

    /// <param name="message">Captured bytes of the ICMPv6 message.</param>
    /// <param name="length">The message length the IPv6 header declares.</param>
    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> message, uint length, in EnclosingIp ip)
    {
        context.Protocol = "icmp6";
        if (length == 0)
        {
            context.Append("ICMP6, length 0").AppendInvalid();
            return PrintResult.Done;
        }
        if (message.IsEmpty) return PrintResult.Truncated;
        var type = message[0];
        if (DecodedByTcpdumpOnly.Contains(type))
            return context.Reject($"ICMPv6 {TypeNames[type]} from {ip.Source} to {ip.Destination} is not decoded");
        context.Append("ICMP6, ").Append(TypeNames.TryGetValue(type, out var name) ? name : $"unknown icmp6 type ({type})");
        if (message.Length < 2) return PrintResult.Truncated;
        var code = message[1];
        var reader = new CapturedReader(message);

        string? detail;
        switch (type)
        {
            case DestinationUnreachable:
                context.Append(", ").Append(code switch
                {
                    0 => "unreachable route",
                    1 => " unreachable prohibited",
                    2 => "beyond scope",
                    3 => "unreachable address",
                    4 => "unreachable port",
                    _ => $"unknown unreach code ({code})",
                });
                if (code > 4)
                {
                    HexDump.PrintHex(context, message, length);
                    return PrintResult.Done;
                }
                detail = DescribeUnreachable(message, code);
                break;
            case PacketTooBig:
                detail = reader.U32(4) is { } mtu ? $", mtu {mtu}" : null;
                break;
            case TimeExceeded:
                detail = code switch
                {
                    0 => Address(message, Quoted + 24) is { } target ? $" for {target}" : null,
                    1 => " (reassembly)",
                    _ => $", unknown code ({code})",
                };
                break;
            case ParameterProblem:
                if (Address(message, Quoted + 24) is null || reader.U32(4) is not { } pointer)
                {
                    detail = null;
                    break;
                }
                detail = code switch
                {
                    0 => $", erroneous - octet {pointer}",
                    1 => $", next header - octet {pointer}",
                    2 => $", option - octet {pointer}",
                    3 => $", incomplete header chain - octet {pointer}",
                    _ => $", code-#{code}",
                };
                break;
            case EchoRequest:
            case EchoReply:
                detail = reader.U16(4) is { } id && reader.U16(6) is { } seq ? $", id {id}, seq {seq}" : null;
                break;
            case NeighborSolicitation:
                detail = Address(message, 8) is { } solicited ? $", who has {solicited}" : null;
                break;
            case NeighborAdvertisement:
                detail = Address(message, 8) is { } advertised ? $", tgt is {advertised}" : null;
                break;
            case Redirect:
                detail = Address(message, 24) is { } destination && Address(message, 8) is { } better
                    ? $", {destination} to {better}"
                    : null;
                break;
            case HomeAgentDiscoveryRequest:
            case MobilePrefixSolicitation:
                detail = reader.U16(4) is { } identifier ? $", id 0x{identifier:x4}" : null;
                break;
            default:
                if (NameOnly.Contains(type))
                {
                    detail = "";
                    break;
                }
                context.Append(", length ").Append(length);
                HexDump.PrintHex(context, message, length);
                return PrintResult.Done;
        }
        if (detail is null) return PrintResult.Truncated;
        context.Append(detail).Append(", length ").Append(length);
        return PrintResult.Done;
    }

    private static string? DescribeUnreachable(ReadOnlySpan<byte> message, byte code)
    {
        switch (code)
        {
            case 2:
                return Address(message, Quoted + 24) is { } scoped && Address(message, Quoted + 8) is { } source
                    ? $" {scoped}, source address {source}"
                    : null;
            case 4:
                if (message.Length < Quoted || FindUpperLayer(message[Quoted..]) is not var (protocol, offset)) return null;
                var quoted = new CapturedReader(message[Quoted..]);
                if (quoted.U16(offset + 2) is not { } port || Address(message, Quoted + 24) is not { } host) return null;
                return protocol switch
                {
                    6 => $", {host} tcp port {port}",
                    17 => $", {host} udp port {port}",
                    _ => $", {host} protocol {protocol} port {port} unreachable",
                };
            default:
                return Address(message, Quoted + 24) is { } unreachable ? $" {unreachable}" : null;
        }
    }

    /// <summary>Mirrors get_upperlayer: walks the quoted packet's extension headers to a TCP or UDP header whose
    /// ports were captured; null where tcpdump gives up.</summary>
    private static (byte Protocol, int Offset)? FindUpperLayer(ReadOnlySpan<byte> quoted)
    {
        if (quoted.Length < 7) return null;
        var next = quoted[6];
        var offset = 0;
        var headerLength = 40;
        while (offset < quoted.Length)
        {
            offset += headerLength;
            switch (next)
            {
                case 6:
                case 17:
                    return offset + 4 <= quoted.Length ? (next, offset) : null;
                case 0:
                case 43:
                case 60:
                    if (offset + 2 > quoted.Length) return null;
                    next = quoted[offset];
                    headerLength = (quoted[offset + 1] + 1) << 3;
                    break;
                case 44:
                    if (offset + 4 > quoted.Length || (BinaryPrimitives.ReadUInt16BigEndian(quoted[(offset + 2)..]) & 0xFFF8) != 0) return null;
                    next = quoted[offset];
                    headerLength = 8;
                    break;
                case 51:
                    if (offset + 2 > quoted.Length) return null;
                    next = quoted[offset];
                    headerLength = (quoted[offset + 1] + 2) << 2;
                    break;
                default:
                    return null;
            }
        }
        return null;
    }

    private static string? Address(ReadOnlySpan<byte> message, int offset) =>
        offset + 16 <= message.Length ? Ipv6Printer.FormatAddress(message.Slice(offset, 16)) : null;
}
