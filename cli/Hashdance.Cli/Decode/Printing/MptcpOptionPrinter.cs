using System.Buffers.Binary;
using System.Globalization;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors mptcp_print (print-mptcp.c), which tcp_print calls for option kind 30 (RFC 8684):
/// <c>mptcp LEN SUBTYPE details</c>. Returns false where tcpdump's subtype printer rejects the option (the caller
/// prints <c>[bad opt]</c>).
/// </summary>
internal static class MptcpOptionPrinter
{
    private static readonly string[] SubtypeNames =
        ["capable", "join", "dss", "add-addr", "rem-addr", "prio", "fail", "fast-close", "unknown"];

    /// <param name="option">The whole option, kind and length bytes included (captured in full).</param>
    /// <param name="flags">The segment's TCP flags; several subtypes are valid only on SYNs or only on ACKs.</param>
    public static bool Print(PrintContext context, ReadOnlySpan<byte> option, TcpFlags flags)
    {
        context.Protocol = "mptcp";
        var length = option.Length;
        if (length < 3) return false;
        var subtype = Math.Min(option[2] >> 4, SubtypeNames.Length - 1);
        context.Append(' ').Append(length).Append(' ').Append(SubtypeNames[subtype]);
        return subtype switch
        {
            0 => PrintCapable(context, option, flags),
            1 => PrintJoin(context, option, flags),
            2 => PrintDataSequenceSignal(context, option, flags),
            3 => PrintAddAddress(context, option),
            4 => PrintRemoveAddress(context, option),
            5 => PrintPriority(context, option),
            6 => PrintFailOrFastClose(context, option, " seq ", hex: false),
            7 => PrintFailOrFastClose(context, option, " key 0x", hex: true),
            _ => true,
        };
    }

    private static bool IsSyn(TcpFlags flags) => (flags & TcpFlags.Syn) != 0;

    private static string Hex(ulong value) => value.ToString("x", CultureInfo.InvariantCulture);

    private static bool PrintCapable(PrintContext context, ReadOnlySpan<byte> option, TcpFlags flags)
    {
        var length = option.Length;
        var onSyn = length is 12 or 4 && IsSyn(flags);
        var onAck = length is 20 or 22 && (flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Ack;
        if (!onSyn && !onAck) return false;
        var version = option[2] & 0xF;
        if (version > 1)
        {
            context.Append(" Unknown Version (").Append(version).Append(')');
            return true;
        }
        context.Append(" v").Append(version);
        if ((option[3] & 0x80) != 0) context.Append(" csum");
        if (length == 12 || length >= 20)
        {
            context.Append(" {0x").Append(Hex(BinaryPrimitives.ReadUInt64BigEndian(option[4..])));
            if (length >= 20) context.Append(",0x").Append(Hex(BinaryPrimitives.ReadUInt64BigEndian(option[12..])));
            context.Append('}');
        }
        return true;
    }

    private static bool PrintJoin(PrintContext context, ReadOnlySpan<byte> option, TcpFlags flags)
    {
        var length = option.Length;
        var valid = (length == 12 && IsSyn(flags))
            || (length == 16 && (flags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack))
            || (length == 24 && (flags & TcpFlags.Ack) != 0);
        if (!valid) return false;
        if (length != 24)
        {
            if ((option[2] & 1) != 0) context.Append(" backup");
            context.Append(" id ").Append(option[3]);
        }
        switch (length)
        {
            case 12:
                context.Append(" token 0x").Append(Hex(BinaryPrimitives.ReadUInt32BigEndian(option[4..])))
                    .Append(" nonce 0x").Append(Hex(BinaryPrimitives.ReadUInt32BigEndian(option[8..])));
                break;
            case 16:
                context.Append(" hmac 0x").Append(Hex(BinaryPrimitives.ReadUInt64BigEndian(option[4..])))
                    .Append(" nonce 0x").Append(Hex(BinaryPrimitives.ReadUInt32BigEndian(option[12..])));
                break;
            default:
                context.Append(" hmac 0x");
                foreach (var b in option.Slice(4, 20)) context.AppendHexByte(b);
                break;
        }
        return true;
    }

    private static bool PrintDataSequenceSignal(PrintContext context, ReadOnlySpan<byte> option, TcpFlags flags)
    {
        if (option.Length < 4 || IsSyn(flags)) return false;
        var dssFlags = option[3];
        if ((dssFlags & 0x10) != 0) context.Append(" fin");
        var rest = option[4..];
        if ((dssFlags & 0x01) != 0)
        {
            context.Append(" ack ");
            if (!AppendNumber(context, ref rest, wide: (dssFlags & 0x02) != 0)) return false;
        }
        if ((dssFlags & 0x04) != 0)
        {
            context.Append(" seq ");
            if (!AppendNumber(context, ref rest, wide: (dssFlags & 0x08) != 0)) return false;
            if (rest.Length < 4) return false;
            context.Append(" subseq ").Append(BinaryPrimitives.ReadUInt32BigEndian(rest));
            rest = rest[4..];
            if (rest.Length < 2) return false;
            context.Append(" len ").Append(BinaryPrimitives.ReadUInt16BigEndian(rest));
            rest = rest[2..];
            if (rest.Length >= 2)
            {
                context.Append(" csum 0x").Append(Hex(BinaryPrimitives.ReadUInt16BigEndian(rest)));
                rest = rest[2..];
            }
        }
        return rest.IsEmpty;
    }

    private static bool AppendNumber(PrintContext context, ref ReadOnlySpan<byte> rest, bool wide)
    {
        var size = wide ? 8 : 4;
        if (rest.Length < size) return false;
        context.Append(wide
            ? BinaryPrimitives.ReadUInt64BigEndian(rest).ToString(CultureInfo.InvariantCulture)
            : BinaryPrimitives.ReadUInt32BigEndian(rest).ToString(CultureInfo.InvariantCulture));
        rest = rest[size..];
        return true;
    }

    private static bool PrintAddAddress(PrintContext context, ReadOnlySpan<byte> option)
    {
        var length = option.Length;
        var ipv4 = length is 8 or 10 or 16 or 18;
        var ipv6 = length is 20 or 22 or 28 or 30;
        if (!ipv4 && !ipv6) return false;
        var echo = option[2] & 0xF;
        context.Append(' ').Append(echo switch
        {
            0x6 => "v0-ip6",
            0x4 => "v0-ip4",
            0x1 => "v1-echo",
            0x0 => "v1",
            _ => "[bad version/echo]",
        });
        context.Append(" id ").Append(option[3]);
        var addressLength = ipv4 ? 4 : 16;
        context.Append(' ').Append(ipv4 ? Ipv4Address.Read(option[4..]).ToString() : Ipv6Printer.FormatAddress(option.Slice(4, 16)));
        var afterAddress = 4 + addressLength;
        var withPort = length is 10 or 18 or 22 or 30;
        if (withPort) context.Append(':').Append(BinaryPrimitives.ReadUInt16BigEndian(option[afterAddress..]));
        if (length is 16 or 18 or 28 or 30)
            context.Append(" hmac 0x").Append(Hex(BinaryPrimitives.ReadUInt64BigEndian(option[(afterAddress + (withPort ? 2 : 0))..])));
        return true;
    }

    private static bool PrintRemoveAddress(PrintContext context, ReadOnlySpan<byte> option)
    {
        if (option.Length < 4) return false;
        context.Append(" id");
        foreach (var id in option[3..]) context.Append(' ').Append(id);
        return true;
    }

    private static bool PrintPriority(PrintContext context, ReadOnlySpan<byte> option)
    {
        if (option.Length is not (3 or 4)) return false;
        context.Append((option[2] & 1) != 0 ? " backup" : " non-backup");
        if (option.Length == 4) context.Append(" id ").Append(option[3]);
        return true;
    }

    private static bool PrintFailOrFastClose(PrintContext context, ReadOnlySpan<byte> option, string label, bool hex)
    {
        if (option.Length != 12) return false;
        var value = BinaryPrimitives.ReadUInt64BigEndian(option[4..]);
        context.Append(label).Append(hex ? Hex(value) : value.ToString(CultureInfo.InvariantCulture));
        return true;
    }
}
