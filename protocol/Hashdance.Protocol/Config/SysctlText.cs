using System.Globalization;

namespace Hashdance.Protocol.Config;

/// <summary>
/// Number parsing the way /proc/sys integer handlers read it (<c>proc_get_long</c> in kernel/sysctl.c): surrounding
/// white space is ignored, an optional leading '-', and base 0 like strtoul (<c>0x</c> hex, leading <c>0</c>
/// octal, else decimal), so scripts may write <c>tcp_fastopen=0x70403</c>.
/// </summary>
internal static class SysctlText
{
    /// <summary>Splits a vector value such as "4096 131072 6291456" on spaces and tabs.</summary>
    public static string[] SplitValues(string value) =>
        value.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    public static bool TryParseInteger(string token, bool allowNegative, out long value)
    {
        value = 0;
        var text = token.Trim();
        var negative = false;
        if (text.StartsWith('-'))
        {
            if (!allowNegative) return false;
            negative = true;
            text = text[1..];
        }
        else if (text.StartsWith('+'))
        {
            text = text[1..];
        }
        if (text.Length == 0) return false;

        ulong magnitude;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = text[2..];
            if (hex.Length is 0 or > 16 ||
                !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude))
                return false;
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            magnitude = 0;
            foreach (var ch in text[1..])
            {
                if (ch is < '0' or > '7' || magnitude > (ulong.MaxValue >> 3)) return false;
                magnitude = (magnitude << 3) | (uint)(ch - '0');
            }
        }
        else if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
        {
            return false;
        }

        if (magnitude > (ulong)long.MaxValue) return false;
        value = negative ? -(long)magnitude : (long)magnitude;
        return true;
    }
}
