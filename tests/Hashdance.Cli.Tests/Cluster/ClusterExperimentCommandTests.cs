using System.Text.Json;
using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests.Cluster;

public sealed class ClusterExperimentCommandTests
{
    [Fact]
    public void Json_output_is_one_object_with_per_node_and_total_figures()
    {
        var result = CliRunner.Run("experiment", "cluster", "--nodes", "3", "-n", "120", "-c", "20", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        foreach (var key in new[] { "handshakes", "handshakes_per_s", "latency_ms", "migrated_requests", "rsts_sent", "connections_lost", "connections_recovered", "nodes" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal(120, root.GetProperty("handshakes").GetInt32());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(3, nodes.Count);
        Assert.Equal("nic", nodes[0].GetProperty("roles")[0].GetString());
        Assert.Equal(0, nodes[0].GetProperty("handshakes").GetInt32());
        Assert.Equal(120, nodes.Sum(n => n.GetProperty("handshakes").GetInt32()));
        Assert.All(nodes.Skip(1), n => Assert.True(n.GetProperty("handshakes").GetInt32() > 0));
        Assert.Equal(0, root.GetProperty("connections_lost").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("killed_node").ValueKind);
        Assert.Contains("clients done", result.StdErr);
    }

    [Fact]
    public void Summary_has_a_line_per_node_and_the_totals()
    {
        var result = CliRunner.Run("experiment", "cluster", "--nodes", "2", "-n", "40", "--nic-hosts-sockets");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("handshakes          40 of 40\n", result.StdOut);
        Assert.Matches(@"\n0\s+nic,sockets\s+\d+", result.StdOut);
        Assert.Matches(@"\n1\s+sockets\s+\d+", result.StdOut);
        Assert.Contains("connections         lost 0, recovered 0, gave up 0\n", result.StdOut);
    }

    [Fact]
    public void A_node_killed_by_time_is_reported_with_its_lost_and_recovered_connections()
    {
        var result = CliRunner.Run("experiment", "cluster", "--nodes", "3", "-n", "200", "-c", "40", "--hold", "2", "--kill-node", "2", "--at", "1", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("killed_node").GetInt32());
        Assert.Equal(200, root.GetProperty("handshakes").GetInt32());
        Assert.Equal(0, root.GetProperty("leftover_entries_of_killed_node").GetInt32());
        Assert.True(root.GetProperty("nodes")[2].GetProperty("killed").GetBoolean());
        Assert.Equal(root.GetProperty("connections_lost").GetInt32(), root.GetProperty("connections_recovered").GetInt32());
        Assert.Contains("killing node 2", result.StdErr);
    }

    [Fact]
    public void Processes_mode_runs_each_sockets_node_as_its_own_hashdance_process()
    {
        var result = CliRunner.Run("experiment", "cluster", "--nodes", "3", "-n", "60", "--processes", "--json");

        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(60, json.RootElement.GetProperty("handshakes").GetInt32());
        Assert.All(nodes.Skip(1), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("rsts_sent").ValueKind));
        Assert.Equal(60, nodes.Sum(n => n.GetProperty("handshakes").GetInt32()));
        Assert.Contains("2 sockets processes bound", result.StdErr);
    }

    [Theory]
    [InlineData("--nodes", "1", "--nodes must be at least 2")]
    [InlineData("--kill-node", "0", "--kill-node must name a sockets node (1 … 2)")]
    [InlineData("--kill-node", "2", "--kill-node needs --at SECONDS")]
    [InlineData("--migrate-req", "2", "2")]
    public void Bad_arguments_give_a_reason_and_a_non_zero_exit(string option, string value, string expected)
    {
        var result = CliRunner.Run("experiment", "cluster", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.StdErr);
        CommandLineTests.AssertNoStackTrace(result);
    }
}
