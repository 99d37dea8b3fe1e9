using System.Text.Json;
using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests.Experiments;

public sealed class TransferCommandTests
{
    [Fact]
    public void Json_has_the_documented_keys_and_every_stream_arrives_intact_through_faults()
    {
        var result = CliRunner.Run("experiment", "transfer", "--connections", "2", "--bytes", "256K", "--loss", "2%", "--reorder", "1%",
            "--duplicate", "1%", "--corrupt", "1%", "--seed", "3", "--json");

        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        foreach (var key in new[] { "connections", "bytes_per_direction", "all_intact", "intact_connections", "duration_s", "throughput_mbps", "retransmits", "counters" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal(2, root.GetProperty("connections").GetInt32());
        Assert.Equal(256 * 1024, root.GetProperty("bytes_per_direction").GetInt64());
        Assert.True(root.GetProperty("all_intact").GetBoolean());
        Assert.Equal(2, root.GetProperty("intact_connections").GetInt32());
        Assert.Equal(0, root.GetProperty("corrupt_connections").GetInt32());
        Assert.True(root.GetProperty("retransmits").GetInt64() > 0);
        var rtt = root.GetProperty("rtt");
        Assert.Equal(4, rtt.GetProperty("sockets").GetInt32());
        Assert.True(rtt.GetProperty("srtt_min_ms").GetDouble() <= rtt.GetProperty("srtt_max_ms").GetDouble());
        Assert.Contains("finished 2/2", result.StdErr);
    }

    [Theory]
    [InlineData("--bytes", "ten", "is not a size")]
    [InlineData("--connections", "0", "--connections must be at least 1")]
    public void Bad_arguments_give_a_reason_and_a_non_zero_exit(string option, string value, string expected)
    {
        var result = CliRunner.Run("experiment", "transfer", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.StdErr);
        CommandLineTests.AssertNoStackTrace(result);
    }
}
