namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors hex_and_ascii_print (print-ascii.c) with the <c>"\n\t"</c> indent that ndo_default_print uses: lines of
/// <c>0xOOOO:</c>, eight 16-bit groups padded to 40 columns, two spaces and the printable characters.
/// </summary>
internal static class HexDump
{
    private const int BytesPerLine = 16;
    private const int HexColumns = 40;

    /// <summary>Dumps <paramref name="length"/> bytes, or the captured ones and reports truncation if fewer were
    /// captured.</summary>
    public static PrintResult PrintHexAndAscii(PrintContext context, ReadOnlySpan<byte> captured, uint length)
    {
        var truncated = length > captured.Length;
        var bytes = truncated ? captured : captured[..(int)length];
        for (var offset = 0; offset < bytes.Length; offset += BytesPerLine)
        {
            var line = bytes.Slice(offset, Math.Min(BytesPerLine, bytes.Length - offset));
            var hex = new System.Text.StringBuilder(HexColumns);
            var ascii = new System.Text.StringBuilder(BytesPerLine);
            for (var i = 0; i < line.Length; i++)
            {
                if (i % 2 == 0) hex.Append(' ');
                hex.Append(line[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                ascii.Append(IsGraphic(line[i]) ? (char)line[i] : '.');
            }
            context.Append("\n\t0x").Append(offset.ToString("x4", System.Globalization.CultureInfo.InvariantCulture))
                .Append(": ").Append(hex.ToString().PadRight(HexColumns)).Append("  ").Append(ascii.ToString());
        }
        return truncated ? PrintResult.Truncated : PrintResult.Done;
    }

    /// <summary>Mirrors hex_print (print-ascii.c) as print_unknown_data calls it with the <c>"\n\t"</c> indent:
    /// lines of <c>0xOOOO:</c> and eight 16-bit groups, without the text column. Only captured bytes are shown.</summary>
    public static void PrintHex(PrintContext context, ReadOnlySpan<byte> captured, uint length)
    {
        var bytes = captured[..(int)Math.Min(length, (uint)captured.Length)];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i % BytesPerLine == 0)
                context.Append("\n\t0x").Append(i.ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append(": ");
            if (i % 2 == 0) context.Append(' ');
            context.AppendHexByte(bytes[i]);
        }
    }

    /// <summary>ND_ASCII_ISGRAPH: visible ASCII, space excluded.</summary>
    public static bool IsGraphic(byte value) => value is > 0x20 and < 0x7F;

    /// <summary>ND_ASCII_ISPRINT: visible ASCII or space.</summary>
    public static bool IsPrintable(byte value) => value is >= 0x20 and < 0x7F;
}
