namespace Hashdance.Cli.Tests.Infrastructure;

/// <summary>Compares <c>hashdance decode</c> with <c>tcpdump -nn -tt -S -r</c> on the same capture, line by line.</summary>
internal static class DecodeAssert
{
    public static void MatchesTcpdump(IEnumerable<byte[]> frames, int expectedLines = -1)
    {
        using var capture = CaptureFile.Write(frames);
        MatchesTcpdump(capture, expectedLines);
    }

    public static void MatchesTcpdump(IEnumerable<CaptureFile.Record> records, int expectedLines = -1)
    {
        using var capture = CaptureFile.WriteRecords(records);
        MatchesTcpdump(capture, expectedLines);
    }

    /// <param name="expectedLines">The number of lines both must print (-1: do not check), so that an empty
    /// capture cannot pass.</param>
    public static void MatchesTcpdump(CaptureFile capture, int expectedLines)
    {
        var reference = Tcpdump.Decode(capture.Path);
        var ours = CliRunner.Run("decode", capture.Path);
        Assert.Equal("", ours.StdErr);
        Assert.Equal(0, ours.ExitCode);
        var lines = ours.OutputLines;
        for (var i = 0; i < Math.Min(reference.Count, lines.Count); i++)
        {
            if (reference[i] != lines[i])
                Assert.Fail($"line {i + 1} differs\n tcpdump:   {Visible(reference[i])}\n hashdance: {Visible(lines[i])}");
        }
        Assert.Equal(reference.Count, lines.Count);
        Assert.NotEmpty(lines);
        if (expectedLines >= 0) Assert.Equal(expectedLines, lines.Count);
    }

    private static string Visible(string line) => line.Replace("\t", "\\t");
}
