using System.Text.Json;
using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests.Experiments;

public sealed class HandshakeCommandTests
{
    [Fact]
    public void Json_output_is_one_object_with_the_documented_keys_and_every_connection_matched()
    {
        var result = CliRunner.Run("experiment", "handshake", "--connections", "60", "--concurrency", "10", "--json", "--seed", "9");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        foreach (var key in new[] { "connections_requested", "established", "accepted", "failed", "duration_s", "handshakes_per_s", "latency_ms", "counters" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal(60, root.GetProperty("connections_requested").GetInt32());
        Assert.Equal(60, root.GetProperty("established").GetInt32());
        Assert.Equal(60, root.GetProperty("accepted").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(60, root.GetProperty("counters").GetProperty("TcpPassiveOpens").GetInt64());
        Assert.Equal(60, root.GetProperty("client_counters").GetProperty("TcpActiveOpens").GetInt64());
        var latency = root.GetProperty("latency_ms");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
        Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());
        Assert.Contains("established 60", result.StdErr);
    }

    [Fact]
    public void Summary_reports_syncookies_when_they_are_always_on()
    {
        var result = CliRunner.Run("experiment", "handshake", "-n", "20", "--syncookies", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("established        20 of 20\n", result.StdOut);
        Assert.Contains("accepted           20\n", result.StdOut);
        Assert.Contains("syncookies         sent 20, received 20, failed 0\n", result.StdOut);
    }

    [Theory]
    [InlineData("--loss", "2", "is not a rate")]
    [InlineData("--delay", "fast", "is not a duration")]
    [InlineData("--syncookies", "3", "3")]
    [InlineData("--connections", "0", "--connections must be at least 1")]
    public void Bad_arguments_give_a_reason_and_a_non_zero_exit(string option, string value, string expected)
    {
        var result = CliRunner.Run("experiment", "handshake", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.StdErr);
        CommandLineTests.AssertNoStackTrace(result);
    }

    [Fact]
    public void An_unwritable_pcap_path_is_a_clear_error()
    {
        var result = CliRunner.Run("experiment", "handshake", "-n", "1", "--pcap", "/nonexistent-dir/x.pcap");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("hashdance: cannot write '/nonexistent-dir/x.pcap':", result.StdErr);
    }
}
