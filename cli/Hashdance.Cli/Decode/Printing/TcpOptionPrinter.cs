using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors the option loop of tcp_print (print-tcp.c): <c>, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]</c>.
/// tcpdump's walk differs from the kernel's tcp_parse_options (which <see cref="TcpOptionReader"/> follows): a known
/// option is advanced by the size tcpdump expects for its kind, not by its length byte (a mismatch is shown as
/// <c>[len N]</c>), and a bad length ends the list with <c>[bad opt]</c>. So the printer walks the bytes itself.
/// </summary>
internal static class TcpOptionPrinter
{
    private const byte Eol = (byte)TcpOptionKind.Eol;
    private const byte Nop = (byte)TcpOptionKind.Nop;
    private const byte Mss = (byte)TcpOptionKind.Mss;
    private const byte WindowScale = (byte)TcpOptionKind.WindowScale;
    private const byte SackPermitted = (byte)TcpOptionKind.SackPermitted;
    private const byte Sack = (byte)TcpOptionKind.Sack;
    private const byte Echo = 6;
    private const byte EchoReply = 7;
    private const byte Timestamp = (byte)TcpOptionKind.Timestamp;
    private const byte ConnectionCount = 11;
    private const byte ConnectionCountNew = 12;
    private const byte ConnectionCountEcho = 13;
    private const byte Md5Signature = (byte)TcpOptionKind.Md5;
    private const byte Scps = 20;
    private const byte UserTimeout = 28;
    private const byte Authentication = (byte)TcpOptionKind.Ao;
    private const byte Mptcp = (byte)TcpOptionKind.Mptcp;
    private const byte FastOpen = (byte)TcpOptionKind.FastOpen;
    private const byte Experimental = (byte)TcpOptionKind.Experimental;
    private const int Md5SignatureLength = 16;

    /// <summary>How the loop ended.</summary>
    public enum Outcome
    {
        /// <summary>All options printed; tcp_print goes on with the length.</summary>
        Completed,

        /// <summary><c>[bad opt]</c> or the <c>[|tcp]</c> of a length check was printed; tcp_print returns.</summary>
        Stopped,

        /// <summary>Ran past the captured bytes reading a kind or length byte (tcpdump longjmps).</summary>
        Truncated,
    }

    /// <param name="segment">Captured bytes of the segment.</param>
    /// <param name="headerLength">Data offset × 4 (more than 20).</param>
    /// <param name="payloadLength">Declared payload bytes (the MD5 option looks at whether they were captured).</param>
    /// <param name="flags">The segment's flags (MPTCP subtypes depend on them).</param>
    public static Outcome Print(PrintContext context, ReadOnlySpan<byte> segment, uint headerLength, uint payloadLength, TcpFlags flags)
    {
        var remaining = (int)headerLength - TcpPacket.MinHeaderLength;
        var position = TcpPacket.MinHeaderLength;
        var printedOne = false;
        context.Append(", options [");
        while (remaining > 0)
        {
            if (printedOne) context.Append(',');
            if (position >= segment.Length) return Outcome.Truncated;
            var kind = segment[position++];
            int length;
            if (kind is Eol or Nop)
            {
                length = 1;
            }
            else
            {
                if (position >= segment.Length) return Outcome.Truncated;
                length = segment[position++];
                if (length < 2 || length > remaining) return Bad(context, printedOne);
                remaining--;
            }
            remaining--;

            context.Append(Name(kind));
            var check = new LengthCheck(segment, position, remaining);
            var dataLength = 0;
            switch (kind)
            {
                case Mss:
                    dataLength = 2;
                    if (!check.Has(dataLength, out var failure)) return Fail(context, failure, printedOne);
                    context.Append(' ').Append(BinaryPrimitives.ReadUInt16BigEndian(segment[position..]));
                    break;
                case WindowScale:
                    dataLength = 1;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    context.Append(' ').Append(segment[position]);
                    break;
                case Sack:
                    dataLength = length - 2;
                    if (dataLength % 8 != 0)
                    {
                        context.Append(" invalid sack");
                        break;
                    }
                    context.Append(' ').Append(dataLength / 8).Append(' ');
                    for (var i = 0; i < dataLength; i += 8)
                    {
                        if (!check.Has(i + 4, out failure)) return Fail(context, failure, printedOne);
                        var start = BinaryPrimitives.ReadUInt32BigEndian(segment[(position + i)..]);
                        if (!check.Has(i + 8, out failure)) return Fail(context, failure, printedOne);
                        var end = BinaryPrimitives.ReadUInt32BigEndian(segment[(position + i + 4)..]);
                        context.Append('{').Append(start).Append(':').Append(end).Append('}');
                    }
                    break;
                case ConnectionCount:
                case ConnectionCountNew:
                case ConnectionCountEcho:
                case Echo:
                case EchoReply:
                    dataLength = 4;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    context.Append(' ').Append(BinaryPrimitives.ReadUInt32BigEndian(segment[position..]));
                    break;
                case Timestamp:
                    dataLength = 8;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    context.Append(" val ").Append(BinaryPrimitives.ReadUInt32BigEndian(segment[position..]))
                        .Append(" ecr ").Append(BinaryPrimitives.ReadUInt32BigEndian(segment[(position + 4)..]));
                    break;
                case Md5Signature:
                    dataLength = Md5SignatureLength;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    // tcp_verify_signature (built with libcrypto) cannot check without -M; it says why first.
                    var payloadCaptured = segment.Length - (long)headerLength >= payloadLength;
                    context.Append(payloadCaptured ? " shared secret not supplied with -M, " : " snaplen too short, ")
                        .Append("can't check - ");
                    AppendHex(context, segment.Slice(position, dataLength));
                    break;
                case Scps:
                    dataLength = 2;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    context.Append(" cap ").AppendHexByte(segment[position]).Append(" id ").Append(segment[position + 1]);
                    break;
                case Authentication:
                    dataLength = length - 2;
                    if (dataLength < 2)
                    {
                        context.AppendInvalid();
                        break;
                    }
                    if (!check.Has(1, out failure)) return Fail(context, failure, printedOne);
                    context.Append(" keyid ").Append(segment[position]);
                    if (!check.Has(2, out failure)) return Fail(context, failure, printedOne);
                    context.Append(" rnextkeyid ").Append(segment[position + 1]);
                    if (dataLength > 2)
                    {
                        context.Append(" mac 0x");
                        for (var i = 2; i < dataLength; i++)
                        {
                            if (!check.Has(i + 1, out failure)) return Fail(context, failure, printedOne);
                            context.AppendHexByte(segment[position + i]);
                        }
                    }
                    break;
                case UserTimeout:
                    dataLength = 2;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    var timeout = BinaryPrimitives.ReadUInt16BigEndian(segment[position..]);
                    // RFC 5482 §3: the low bit says whether the value counts minutes or seconds.
                    context.Append(" 0x").Append(timeout.ToString("x", System.Globalization.CultureInfo.InvariantCulture))
                        .Append(' ').Append((timeout & 1) != 0 ? (timeout >> 1) * 60 : timeout >> 1);
                    break;
                case Mptcp:
                    dataLength = length - 2;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    if (!MptcpOptionPrinter.Print(context, segment.Slice(position - 2, length), flags)) return Bad(context, printedOne);
                    break;
                case FastOpen:
                    dataLength = length - 2;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    context.Append(' ');
                    AppendFastOpen(context, segment.Slice(position, dataLength), experimental: false);
                    break;
                case Experimental:
                    dataLength = length - 2;
                    if (!check.Has(dataLength, out failure)) return Fail(context, failure, printedOne);
                    if (dataLength < 2) return Bad(context, printedOne);
                    var magic = BinaryPrimitives.ReadUInt16BigEndian(segment[position..]);
                    context.Append('-');
                    if (magic == TcpOptions.FastOpenMagic)
                        AppendFastOpen(context, segment.Slice(position + 2, dataLength - 2), experimental: true);
                    else
                        context.Append(magic.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case Eol:
                case Nop:
                case SackPermitted:
                    break;
                default:
                    dataLength = length - 2;
                    if (dataLength > 0) context.Append(" 0x");
                    for (var i = 0; i < dataLength; i++)
                    {
                        if (!check.Has(i + 1, out failure)) return Fail(context, failure, printedOne);
                        context.AppendHexByte(segment[position + i]);
                    }
                    break;
            }

            position += dataLength;
            remaining -= dataLength;
            var consumed = dataLength + (kind is Eol or Nop ? 1 : 2);
            if (consumed != length) context.Append("[len ").Append(length).Append(']');
            printedOne = true;
            if (kind == Eol) break;
        }
        context.Append(']');
        return Outcome.Completed;
    }

    /// <summary>tcp_option_values: the name printed before each option's value.</summary>
    public static string Name(byte kind) => kind switch
    {
        Eol => "eol",
        Nop => "nop",
        Mss => "mss",
        WindowScale => "wscale",
        SackPermitted => "sackOK",
        Sack => "sack",
        Echo => "echo",
        EchoReply => "echoreply",
        Timestamp => "TS",
        ConnectionCount => "cc",
        ConnectionCountNew => "ccnew",
        ConnectionCountEcho => "",
        Md5Signature => "md5",
        Scps => "scps",
        UserTimeout => "uto",
        Authentication => "tcp-ao",
        Mptcp => "mptcp",
        FastOpen => "tfo",
        Experimental => "exp",
        _ => $"unknown-{kind}",
    };

    /// <summary>Mirrors print_tcp_fastopen_option: <c>cookiereq</c>, <c>cookie HEX</c> or <c>(invalid)</c>; the
    /// experimental form first says <c>tfo</c>.</summary>
    private static void AppendFastOpen(PrintContext context, ReadOnlySpan<byte> cookie, bool experimental)
    {
        if (experimental) context.Append("tfo");
        if (cookie.IsEmpty)
        {
            context.Append(" cookiereq");
        }
        else if (cookie.Length % 2 != 0 || cookie.Length < TcpFastOpenCookie.MinLength || cookie.Length > TcpFastOpenCookie.MaxLength)
        {
            context.AppendInvalid();
        }
        else
        {
            context.Append(" cookie ");
            AppendHex(context, cookie);
        }
    }

    private static void AppendHex(PrintContext context, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) context.AppendHexByte(b);
    }

    /// <summary>The <c>bad:</c> label: the list ends; the bracket closes only if an option was printed.</summary>
    private static Outcome Bad(PrintContext context, bool printedOne)
    {
        context.Append("[bad opt]");
        if (printedOne) context.Append(']');
        return Outcome.Stopped;
    }

    /// <summary>The <c>trunc:</c> label of tcp_print.</summary>
    private static Outcome Truncated(PrintContext context, bool printedOne)
    {
        context.AppendTruncationMarker();
        if (printedOne) context.Append('>');
        return Outcome.Stopped;
    }

    private static Outcome Fail(PrintContext context, LengthCheck.Failure failure, bool printedOne) =>
        failure == LengthCheck.Failure.BeyondHeader ? Bad(context, printedOne) : Truncated(context, printedOne);

    /// <summary>tcpdump's LENCHECK: the bytes must lie inside the header (else <c>[bad opt]</c>) and be captured
    /// (else <c>[|tcp]</c>).</summary>
    private readonly ref struct LengthCheck(ReadOnlySpan<byte> segment, int position, int remaining)
    {
        public enum Failure
        {
            None,
            BeyondHeader,
            NotCaptured,
        }

        private readonly int _captured = segment.Length - position;

        public bool Has(int bytes, out Failure failure)
        {
            failure = bytes > remaining ? Failure.BeyondHeader : bytes > _captured ? Failure.NotCaptured : Failure.None;
            return failure == Failure.None;
        }
    }
}
