using System.Diagnostics;
using System.Text.Json;
using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests.Cluster;

public sealed class NodeCommandTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(new[] { "--roles", "nic", "--tap", "tap0" }, "the TAP link is not available in this build")]
    [InlineData(new[] { "--roles", "nic" }, "a nic node needs a link: --in-memory (or --tap NAME)")]
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
    public async Task A_nic_process_and_a_sockets_process_form_a_cluster_and_serve_the_clients()
    {
        using var nic = Start("node", "--roles", "nic", "--in-memory", "--clients", "40", "--sockets-nodes", "1", "--json");
        var upLine = await nic.StandardOutput.ReadLineAsync().WaitAsync(Generous);
        Assert.NotNull(upLine);
        Assert.StartsWith("up akka.tcp://hashdance@127.0.0.1:", upLine);
        using var sockets = Start("node", "--roles", "sockets", "--seed", upLine["up ".Length..], "--echo", "--index", "1");
        try
        {
            Assert.StartsWith("up ", await sockets.StandardOutput.ReadLineAsync().WaitAsync(Generous));
            Assert.StartsWith("bound ", await sockets.StandardOutput.ReadLineAsync().WaitAsync(Generous));
            var report = await nic.StandardOutput.ReadToEndAsync().WaitAsync(Generous);
            await nic.WaitForExitAsync().WaitAsync(Generous);
            Assert.Equal(0, nic.ExitCode);
            using var json = JsonDocument.Parse(report.Trim());
            Assert.Equal(40, json.RootElement.GetProperty("handshakes").GetInt32());
            Assert.Equal(40, json.RootElement.GetProperty("nodes")[1].GetProperty("handshakes").GetInt32());
        }
        finally
        {
            if (!sockets.HasExited) sockets.Kill(entireProcessTree: true);
            if (!nic.HasExited) nic.Kill(entireProcessTree: true);
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
