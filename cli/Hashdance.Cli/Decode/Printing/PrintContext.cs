using System.Globalization;
using System.Text;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// The text of one frame being printed, plus the per-packet state tcpdump keeps in <c>netdissect_options</c>: the
/// protocol named by a truncation marker (<c>ndo_protocol</c>) and, for frames hashdance does not decode, the
/// reason that replaces the line.
/// </summary>
internal sealed class PrintContext
{
    private readonly StringBuilder _text = new();

    /// <summary>The protocol being printed, as named in tcpdump's <c>" [|proto]"</c> marker (ndo_protocol).</summary>
    public string Protocol { get; set; } = "";

    public string? RejectionReason { get; private set; }

    public string Text => _text.ToString();

    public PrintContext Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public PrintContext Append(char character)
    {
        _text.Append(character);
        return this;
    }

    public PrintContext Append(uint value)
    {
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public PrintContext Append(int value)
    {
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Two lower-case hex digits, tcpdump's <c>%02x</c>.</summary>
    public PrintContext AppendHexByte(byte value)
    {
        _text.Append(value.ToString("x2", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Mirrors nd_print_trunc (util-print.c).</summary>
    public PrintContext AppendTruncationMarker() => Append(" [|").Append(Protocol).Append(']');

    /// <summary>Mirrors nd_print_invalid (util-print.c).</summary>
    public PrintContext AppendInvalid() => Append(" (invalid)");

    public PrintResult Reject(string reason)
    {
        RejectionReason = reason;
        return PrintResult.Rejected;
    }
}
