using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors tcp_print (print-tcp.c) with <c>-S -nn</c> and without <c>-v</c>:
/// <c>src.port > dst.port: Flags [S.], seq A[:B], ack N, win N, urg N, options [...], length N</c>, followed by the
/// first line of an HTTP request or response on ports 80 and 8080. Works on partially captured segments exactly as
/// tcpdump does (its order of checks decides where <c>[|tcp]</c> appears).
/// </summary>
internal static class TcpPrinter
{
    private const int MinHeaderLength = TcpPacket.MinHeaderLength;
    private const ushort HttpPort = 80;
    private const ushort HttpAlternatePort = 8080;

    /// <summary>tcp_flag_values in tcpdump's order; the AE/NS bit is not printed.</summary>
    private static readonly (TcpFlags Flag, char Letter)[] FlagLetters =
    [
        (TcpFlags.Fin, 'F'), (TcpFlags.Syn, 'S'), (TcpFlags.Rst, 'R'), (TcpFlags.Psh, 'P'),
        (TcpFlags.Ack, '.'), (TcpFlags.Urg, 'U'), (TcpFlags.Ece, 'E'), (TcpFlags.Cwr, 'W'),
    ];

    /// <param name="segment">Captured bytes of the segment (cut at the datagram's end).</param>
    /// <param name="length">The segment length the IP header declares.</param>
    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> segment, uint length, in EnclosingIp ip)
    {
        context.Protocol = "tcp";
        if (segment.Length < 4)
        {
            context.Append(ip.Addresses).Append(':');
            return PrintResult.Truncated;
        }
        var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment);
        var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
        context.Append(ip.Endpoints(sourcePort, destinationPort));
        if (segment.Length < MinHeaderLength) return PrintResult.Truncated;

        var headerLength = (uint)(segment[12] >> 4) * 4;
        if (headerLength < MinHeaderLength)
        {
            context.Append(" tcp ").Append(unchecked(length - headerLength)).Append(" [bad hdr length ").Append(headerLength)
                .Append(" - too short, < ").Append(MinHeaderLength).Append(']');
            return PrintResult.Done;
        }
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(segment[4..]);
        var acknowledgement = BinaryPrimitives.ReadUInt32BigEndian(segment[8..]);
        var window = BinaryPrimitives.ReadUInt16BigEndian(segment[14..]);
        var urgentPointer = BinaryPrimitives.ReadUInt16BigEndian(segment[18..]);
        var flags = (TcpFlags)segment[13];

        context.Append("Flags [").Append(FlagText(flags)).Append(']');
        if (headerLength > length)
        {
            context.Append(" [bad hdr length ").Append(headerLength).Append(" - too long, > ").Append(length).Append(']');
            return PrintResult.Done;
        }
        var payloadLength = length - headerLength;
        if (payloadLength > 0 || (flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) != 0)
        {
            context.Append(", seq ").Append(sequence);
            if (payloadLength > 0) context.Append(':').Append(unchecked(sequence + payloadLength));
        }
        if ((flags & TcpFlags.Ack) != 0) context.Append(", ack ").Append(acknowledgement);
        context.Append(", win ").Append(window);
        if ((flags & TcpFlags.Urg) != 0) context.Append(", urg ").Append(urgentPointer);

        if (headerLength > MinHeaderLength)
        {
            switch (TcpOptionPrinter.Print(context, segment, headerLength, payloadLength, flags))
            {
                case TcpOptionPrinter.Outcome.Stopped:
                    return PrintResult.Done;
                case TcpOptionPrinter.Outcome.Truncated:
                    return PrintResult.Truncated;
            }
        }

        context.Append(", length ").Append(payloadLength);
        if (payloadLength == 0) return PrintResult.Done;
        if (segment.Length < headerLength)
        {
            context.Append(" [remaining caplen(").Append(segment.Length).Append(") < header length(").Append(headerLength).Append(")]");
            return PrintResult.Truncated;
        }
        if (sourcePort is HttpPort or HttpAlternatePort || destinationPort is HttpPort or HttpAlternatePort)
        {
            context.Append(": ");
            return TextProtocolPrinter.PrintHttp(context, segment[(int)headerLength..], payloadLength);
        }
        return PrintResult.Done;
    }

    /// <summary>bittok2str_nosep over tcp_flag_values: the letters run together, "none" when no flag is set.</summary>
    public static string FlagText(TcpFlags flags)
    {
        Span<char> letters = stackalloc char[FlagLetters.Length];
        var count = 0;
        foreach (var (flag, letter) in FlagLetters)
            if ((flags & flag) != 0) letters[count++] = letter;
        return count == 0 ? "none" : new string(letters[..count]);
    }
}
