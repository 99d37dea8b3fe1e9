using System.Buffers.Binary;
using System.Globalization;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors icmp_print (print-icmp.c) without <c>-v</c>: <c>ICMP echo request, id 1, seq 1, length 64</c>,
/// <c>ICMP 192.168.0.1 tcp port 8080 unreachable, length 36</c>, <c>ICMP 10.0.0.1 unreachable - need to frag
/// (mtu 1400), length 36</c> and the other RFC 792 messages. Without -v tcpdump does not print the quoted datagram
/// or check the checksum. The text is built first and printed only if every byte it needs was captured.
/// </summary>
internal static class IcmpPrinter
{
    private const byte SourceQuench = 4;
    private const byte Redirect = 5;
    private const byte RouterAdvertisement = 9;
    private const byte RouterSolicitation = 10;
    private const byte TimeExceeded = 11;
    private const byte ParameterProblem = 12;
    private const byte TimestampRequest = 13;
    private const byte TimestampReply = 14;
    private const byte InformationRequest = 15;
    private const byte InformationReply = 16;
    private const byte MaskRequest = 17;
    private const byte MaskReply = 18;

    /// <summary>Offset of the quoted IP header in an error message.</summary>
    private const int QuotedHeader = IcmpV4Packet.HeaderLength;

    /// <summary>Offset of the quoted header's destination address.</summary>
    private const int QuotedDestination = QuotedHeader + 16;

    /// <param name="message">Captured bytes of the ICMP message.</param>
    /// <param name="length">The message length the IP header declares.</param>
    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> message, uint length)
    {
        context.Protocol = "icmp";
        if (message.Length < 2) return PrintResult.Truncated;
        var description = Describe(message, message[0], message[1]);
        if (description is null) return PrintResult.Truncated;
        context.Append("ICMP ").Append(description).Append(", length ").Append(length);
        return PrintResult.Done;
    }

    /// <summary>The text between <c>ICMP </c> and <c>, length</c>, or null if it needs bytes not captured.</summary>
    private static string? Describe(ReadOnlySpan<byte> message, byte type, byte code)
    {
        var reader = new CapturedReader(message);
        switch (type)
        {
            case (byte)IcmpV4Message.EchoRequest:
            case (byte)IcmpV4Message.EchoReply:
                return reader.U16(4) is { } id && reader.U16(6) is { } seq
                    ? $"echo {(type == (byte)IcmpV4Message.EchoRequest ? "request" : "reply")}, id {id}, seq {seq}"
                    : null;
            case (byte)IcmpV4Message.DestinationUnreachable:
                return DescribeUnreachable(reader, code);
            case Redirect:
                if (reader.Address(QuotedDestination) is not { } target || reader.Address(4) is not { } gateway) return null;
                return code switch
                {
                    0 => $"redirect {target} to net {gateway}",
                    1 => $"redirect {target} to host {gateway}",
                    2 => $"redirect-tos {target} to net {gateway}",
                    3 => $"redirect-tos {target} to host {gateway}",
                    _ => $"redirect-#{code} {target} to {gateway}",
                };
            case RouterAdvertisement:
                return DescribeRouterAdvertisement(reader);
            case TimeExceeded:
                if (reader.Address(QuotedDestination) is null) return null;
                return code switch
                {
                    0 => "time exceeded in-transit",
                    1 => "ip reassembly time exceeded",
                    _ => $"time exceeded-#{code}",
                };
            case ParameterProblem:
                if (code != 0) return $"parameter problem - code {code}";
                return reader.U8(4) is { } pointer ? $"parameter problem - octet {pointer}" : null;
            case MaskReply:
                return reader.U32(8) is { } mask ? $"address mask is 0x{mask:x8}" : null;
            case TimestampRequest:
                return reader.U16(4) is { } queryId && reader.U16(6) is { } querySeq
                    ? $"time stamp query id {queryId} seq {querySeq}"
                    : null;
            case TimestampReply:
                if (reader.U32(16) is not { } transmit) return null;
                return reader.U16(4) is { } replyId && reader.U16(6) is { } replySeq && reader.U32(8) is { } origin
                    && reader.U32(12) is { } receive
                    ? $"time stamp reply id {replyId} seq {replySeq}: org {MillisecondsOfDay(origin)}, recv {MillisecondsOfDay(receive)}, xmit {MillisecondsOfDay(transmit)}"
                    : null;
            default:
                return type switch
                {
                    SourceQuench => "source quench",
                    RouterSolicitation => "router solicitation",
                    InformationRequest => "information request",
                    InformationReply => "information reply",
                    MaskRequest => "address mask request",
                    _ => $"type-#{type}",
                };
        }
    }

    private static string? DescribeUnreachable(CapturedReader reader, byte code)
    {
        if (code == 3)
        {
            // Port unreachable names the quoted datagram's protocol and destination port (RFC 792).
            if (reader.U8(QuotedHeader + 9) is not { } protocol || reader.U8(QuotedHeader) is not { } versionAndLength) return null;
            var quotedTransport = QuotedHeader + (versionAndLength & 0xF) * 4;
            if (reader.U16(quotedTransport + 2) is not { } port || reader.Address(QuotedDestination) is not { } host) return null;
            return protocol switch
            {
                (byte)IpProtocol.Tcp => $"{host} tcp port {port} unreachable",
                (byte)IpProtocol.Udp => $"{host} udp port {port} unreachable",
                _ => $"{host} protocol {protocol} port {port} unreachable",
            };
        }
        if (reader.Address(QuotedDestination) is not { } destination) return null;
        switch (code)
        {
            case 2:
                return reader.U8(QuotedHeader + 9) is { } unreachableProtocol
                    ? $"{destination} protocol {unreachableProtocol} unreachable"
                    : null;
            case IcmpV4Packet.CodeFragmentationNeeded:
                if (reader.U16(6) is not { } mtu) return null;
                return mtu != 0
                    ? $"{destination} unreachable - need to frag (mtu {mtu})"
                    : $"{destination} unreachable - need to frag";
        }
        return code switch
        {
            0 => $"net {destination} unreachable",
            1 => $"host {destination} unreachable",
            5 => $"{destination} unreachable - source route failed",
            6 => $"net {destination} unreachable - unknown",
            7 => $"host {destination} unreachable - unknown",
            8 => $"{destination} unreachable - source host isolated",
            9 => $"net {destination} unreachable - admin prohibited",
            10 => $"host {destination} unreachable - admin prohibited",
            11 => $"net {destination} unreachable - tos prohibited",
            12 => $"host {destination} unreachable - tos prohibited",
            13 => $"host {destination} unreachable - admin prohibited filter",
            14 => $"host {destination} unreachable - host precedence violation",
            15 => $"host {destination} unreachable - precedence cutoff",
            _ => $"{destination} unreachable - #{code}",
        };
    }

    /// <summary>RFC 1256 router advertisement: lifetime, address count and (address, preference) pairs.</summary>
    private static string? DescribeRouterAdvertisement(CapturedReader reader)
    {
        if (reader.U32(4) is null) return null;
        var count = (int)reader.U8(4)!;
        var entrySize = (int)reader.U8(5)!;
        var lifetime = (int)reader.U16(6)!;
        var text = "router advertisement lifetime " + (lifetime < 60
            ? lifetime.ToString(CultureInfo.InvariantCulture)
            : lifetime < 3600
                ? $"{lifetime / 60}:{lifetime % 60:D2}"
                : $"{lifetime / 3600}:{lifetime % 3600 / 60:D2}:{lifetime % 60:D2}");
        text += $" {count}:";
        if (entrySize != 2) return text + $" [size {entrySize}]";
        for (var i = 0; i < count; i++)
        {
            var offset = 8 + i * 8;
            if (reader.Address(offset) is not { } router || reader.U32(offset + 4) is not { } preference) return null;
            text += $" {{{router} {preference}}}";
        }
        return text;
    }

    /// <summary>icmp_tstamp_print: milliseconds since midnight UTC as hh:mm:ss.mmm.</summary>
    private static string MillisecondsOfDay(uint milliseconds)
    {
        var seconds = milliseconds / 1000;
        var minutes = seconds / 60;
        var hours = minutes / 60;
        return $"{hours:D2}:{minutes % 60:D2}:{seconds % 60:D2}.{milliseconds % 1000:D3}";
    }
}
