using System.Buffers.Binary;
using System.Text;

namespace Hashdance.Packetdrill.Matching;

/// <summary>Prints TCP option bytes in packetdrill's notation (<c>&lt;mss 1460,nop,wscale 7&gt;</c>), for failure reports.</summary>
public static class TcpOptionText
{
    public static string Format(ReadOnlySpan<byte> options, Func<uint, uint>? tsVal = null)
    {
        if (options.IsEmpty) return "(none)";
        var parts = new List<string>();
        var i = 0;
        while (i < options.Length)
        {
            var kind = options[i];
            if (kind == TcpOptionEncoder.KindNop || kind == TcpOptionEncoder.KindEol)
            {
                parts.Add(kind == TcpOptionEncoder.KindNop ? "nop" : "eol");
                i++;
                continue;
            }
            if (i + 1 >= options.Length || options[i + 1] < 2 || i + options[i + 1] > options.Length)
            {
                parts.Add($"<malformed option at byte {i}>");
                break;
            }
            var length = options[i + 1];
            var value = options.Slice(i + 2, length - 2);
            parts.Add(kind switch
            {
                TcpOptionEncoder.KindMss when length == 4 => $"mss {BinaryPrimitives.ReadUInt16BigEndian(value)}",
                TcpOptionEncoder.KindWscale when length == 3 => $"wscale {value[0]}",
                TcpOptionEncoder.KindSackPermitted when length == 2 => "sackOK",
                TcpOptionEncoder.KindTimestamp when length == 10 =>
                    $"TS val {(tsVal ?? (v => v))(BinaryPrimitives.ReadUInt32BigEndian(value))} ecr {BinaryPrimitives.ReadUInt32BigEndian(value[4..])}",
                TcpOptionEncoder.KindSack => "sack " + Sack(value),
                TcpOptionEncoder.KindFastOpen => length == 2 ? "FO" : $"FO {Convert.ToHexStringLower(value)}",
                TcpOptionEncoder.KindExperimental when length >= 4 && BinaryPrimitives.ReadUInt16BigEndian(value) == TcpOptionEncoder.FastOpenMagic =>
                    length == 4 ? "FOEXP" : $"FOEXP {Convert.ToHexStringLower(value[2..])}",
                _ => $"kind {kind} len {length}",
            });
            i += length;
        }
        return "<" + string.Join(',', parts) + ">";
    }

    private static string Sack(ReadOnlySpan<byte> value)
    {
        var text = new StringBuilder();
        for (var j = 0; j + 8 <= value.Length; j += 8)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(BinaryPrimitives.ReadUInt32BigEndian(value[j..])).Append(':').Append(BinaryPrimitives.ReadUInt32BigEndian(value[(j + 4)..]));
        }
        return text.ToString();
    }
}
