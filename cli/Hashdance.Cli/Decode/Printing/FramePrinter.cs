using System.Globalization;
using Hashdance.NicIo;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Prints one capture record exactly as <c>tcpdump -nn -tt -S -r</c> (tcpdump 4.99) does, or, for a frame hashdance
/// does not decode, as one line naming the frame and the reason. Mirrors pretty_print_packet (print.c).
/// </summary>
internal static class FramePrinter
{
    /// <summary>libpcap's MAXIMUM_SNAPLEN: records claiming more are reported as invalid headers.</summary>
    public const uint MaximumSnapLength = 262144;

    /// <summary>The text tcpdump prints for <paramref name="record"/>; several lines when tcpdump adds a hex dump.</summary>
    public static string Format(PcapRecord record)
    {
        var invalidHeader = DescribeInvalidHeader(record.CapturedLength, record.OriginalLength);
        if (invalidHeader is not null) return invalidHeader;

        var micros = record.IsNanosecond ? record.TimestampFraction / 1000 : record.TimestampFraction;
        var timestamp = FormatTimestamp(record.TimestampSeconds, micros);
        var context = new PrintContext();
        switch (EthernetPrinter.Print(context, record.Data, record.OriginalLength))
        {
            case PrintResult.Truncated:
                context.AppendTruncationMarker();
                break;
            case PrintResult.Rejected:
                return $"{timestamp}frame {record.Number} not decoded: {context.RejectionReason}";
        }
        return timestamp + context.Text;
    }

    /// <summary>ts_unix_print + the separating space (util-print.c), in microseconds as libpcap delivers them by
    /// default (nanosecond files are scaled down, truncating).</summary>
    public static string FormatTimestamp(uint seconds, uint micros) =>
        (seconds & 0x8000_0000) != 0
            ? "[Error converting time] "
            : string.Create(CultureInfo.InvariantCulture, $"{seconds}.{micros:D6} ");

    /// <summary>The sanity checks at the top of pretty_print_packet; null when the record header is sane.</summary>
    private static string? DescribeInvalidHeader(uint captured, uint original)
    {
        var problems = new List<string>();
        if (captured == 0) problems.Add("caplen==0");
        if (original == 0) problems.Add("len==0");
        else if (original < captured) problems.Add($"len({original}) < caplen({captured})");
        if (captured > MaximumSnapLength) problems.Add($"caplen({captured}) > {MaximumSnapLength}");
        if (original > MaximumSnapLength) problems.Add($"len({original}) > {MaximumSnapLength}");
        if (problems.Count == 0) return null;
        var text = "[Invalid header: " + problems[0];
        for (var i = 1; i < problems.Count; i++) text += ", " + problems[i];
        return text + "]";
    }
}
