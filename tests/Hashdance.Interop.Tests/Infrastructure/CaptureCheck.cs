namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>
/// Reads a capture with tshark, checksums verified, and returns every frame tshark marks as malformed, with a bad IP
/// or TCP checksum, or as "ACKed unseen segment"; a clean capture returns none.
/// </summary>
internal static class CaptureCheck
{
    private const string Filter =
        "_ws.malformed || tcp.analysis.ack_lost_segment || ip.checksum.status == 0 || tcp.checksum.status == 0 || icmp.checksum.status == 0";

    public static async Task<string[]> ProblemsAsync(string pcapPath)
    {
        var result = await ExternalProcess.RunAsync("tshark",
            ["-n", "-r", pcapPath, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-Y", Filter], TimeSpan.FromSeconds(120));
        result.EnsureSuccess();
        return result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Asserts the capture is clean and held at least <paramref name="minimumFrames"/> frames, then deletes it.</summary>
    public static async Task AssertCleanAsync(string? pcapPath, int minimumFrames)
    {
        Assert.NotNull(pcapPath);
        var problems = await ProblemsAsync(pcapPath);
        Assert.True(problems.Length == 0, $"tshark flags {problems.Length} frame(s) in {pcapPath}:\n{string.Join('\n', problems.Take(20))}");
        var count = await ExternalProcess.RunAsync("tshark", ["-n", "-r", pcapPath, "-T", "fields", "-e", "frame.number"], TimeSpan.FromSeconds(120));
        var frames = count.EnsureSuccess().Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(frames >= minimumFrames, $"{pcapPath} holds {frames} frames, expected at least {minimumFrames}");
        // A clean capture has told us all it can; a failing one stays in the temp folder for a look.
        File.Delete(pcapPath);
    }
}
