using System.Diagnostics;
using System.Text.Json;
using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests.Cluster;

public sealed class NodeCommandTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(new[] { "--roles", "nic", "--tap", "tap0" }, "--tap needs --ip ADDR/LEN")]
    [InlineData(new[] { "--roles", "sockets", "--tap", "tap0", "--ip", "198.51.100.2/24" }, "--tap is for a nic node")]
    [InlineData(new[] { "--roles", "nic", "--in-memory", "--tap", "tap0", "--ip", "198.51.100.2/24" }, "--tap and --in-memory exclude each other")]
    [InlineData(new[] { "--roles", "sockets", "--app", "http" }, "--app needs --ip ADDR/LEN")]
    [InlineData(new[] { "--roles", "nic", "--in-memory", "--app", "http", "--ip", "198.51.100.2/24" }, "--app needs the sockets role")]
    [InlineData(new[] { "--roles", "nic" }, "a nic node needs a link: --in-memory or --tap NAME")]
    [InlineData(new[] { "--roles", "sockets", "--in-memory" }, "--in-memory is for a nic node")]
    [InlineData(new[] { "--roles", "router" }, "unknown Hashdance role 'router'")]
    [InlineData(new[] { "--roles", "sockets", "--clients", "5" }, "--clients needs the nic role")]
    [InlineData(new[] { "--roles", "nic", "--in-memory", "--echo" }, "--echo needs the sockets role")]
    public void Bad_arguments_give_a_reason_and_a_non_zero_exit(string[] args, string expected)
    {
        var result = CliRunner.Run(["node", .. args]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.StdErr);
        CommandLineTests.AssertNoStackTrace(result);
    }

    [Fact]
    public void A_nic_node_on_a_tap_that_does_not_exist_fails_with_one_line_and_exit_69()
    {
        var result = CliRunner.Run("node", "--roles", "nic", "--tap", "hdnosuch0", "--ip", "198.51.100.2/24");

        Assert.Equal(69, result.ExitCode);
        Assert.Equal("hashdance: no device 'hdnosuch0' in this network namespace (create it with scripts/netns-lab.sh up, and run inside the namespace with ip netns exec)\n",
            result.StdErr);
        CommandLineTests.AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Three_node_processes_form_a_cluster_and_the_sockets_nodes_share_the_clients()
    {
        using var nic = Start("node", "--roles", "nic", "--in-memory", "--clients", "60", "--sockets-nodes", "2", "--json");
        var upLine = await nic.StandardOutput.ReadLineAsync().WaitAsync(Generous);
        Assert.NotNull(upLine);
        Assert.StartsWith("up akka.tcp://hashdance@127.0.0.1:", upLine);
        var seed = upLine["up ".Length..];
        using var first = Start("node", "--roles", "sockets", "--seed", seed, "--echo", "--index", "1");
        using var second = Start("node", "--roles", "sockets", "--seed", seed, "--echo", "--index", "2");
        try
        {
            foreach (var sockets in new[] { first, second })
            {
                Assert.StartsWith("up ", await sockets.StandardOutput.ReadLineAsync().WaitAsync(Generous));
                Assert.StartsWith("bound ", await sockets.StandardOutput.ReadLineAsync().WaitAsync(Generous));
            }
            var report = await nic.StandardOutput.ReadToEndAsync().WaitAsync(Generous);
            await nic.WaitForExitAsync().WaitAsync(Generous);
            Assert.Equal(0, nic.ExitCode);
            using var json = JsonDocument.Parse(report.Trim());
            var nodes = json.RootElement.GetProperty("nodes");
            Assert.Equal(60, json.RootElement.GetProperty("handshakes").GetInt32());
            Assert.Equal(60, nodes[1].GetProperty("handshakes").GetInt32() + nodes[2].GetProperty("handshakes").GetInt32());
            Assert.True(nodes[1].GetProperty("handshakes").GetInt32() > 0);
            Assert.True(nodes[2].GetProperty("handshakes").GetInt32() > 0);
        }
        finally
        {
            foreach (var process in new[] { first, second, nic })
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Runs the built tool (hashdance.dll next to the tests) as a child process.</summary>
    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hashdance.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
