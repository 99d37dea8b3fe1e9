using Hashdance.Cli.Decode.Printing;
using Hashdance.NicIo;

namespace Hashdance.Cli.Decode;

/// <summary>Reads a classic pcap capture record by record and prints each frame as tcpdump would.</summary>
internal static class CaptureDecoder
{
    /// <summary>
    /// Prints every record of <paramref name="capture"/> on <paramref name="output"/>, one tcpdump line (or a hex
    /// dump under it) per frame. Returns null when the whole file was read, or the problem that stopped it; the
    /// frames before a malformed record are printed first, as tcpdump does.
    /// </summary>
    public static PcapError? Decode(Stream capture, TextWriter output)
    {
        if (!PcapFileReader.TryOpen(capture, out var reader, out var error, leaveOpen: true)) return error;
        using (reader)
        {
            while (reader.TryReadNext(out var record, out error)) output.WriteLine(FormatSafely(record));
            return error;
        }
    }

    /// <summary>A frame that trips a printer bug is reported on its own line; the rest of the capture still prints.</summary>
    private static string FormatSafely(PcapRecord record)
    {
        try
        {
            return FramePrinter.Format(record);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var micros = record.IsNanosecond ? record.TimestampFraction / 1000 : record.TimestampFraction;
            return $"{FramePrinter.FormatTimestamp(record.TimestampSeconds, micros)}frame {record.Number} not decoded: printer error ({e.GetType().Name}: {e.Message})";
        }
    }
}
