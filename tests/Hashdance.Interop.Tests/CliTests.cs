using System.Text.Json;
using Hashdance.Interop.Tests.Infrastructure;

namespace Hashdance.Interop.Tests;

/// <summary>
/// The README's "Talk to Linux" path as a user runs it: the hashdance CLI under <c>ip netns exec</c> on the lab's TAP,
/// curl against <c>serve</c>, SIGTERM for a clean stop with nstat-style counters, and <c>connect</c> to a kernel server.
/// </summary>
public sealed class CliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [InteropFact("curl", "kill", "tshark")]
    public async Task Serve_answers_curl_and_prints_its_counters_on_sigterm()
    {
        await using var lab = await LabNamespace.CreateAsync();
        var pcap = Path.Combine(Path.GetTempPath(), $"{lab.Name}-cli.pcap");
        await using var serve = lab.Start("dotnet", HashdanceCli.DllPath, "serve", "--tap", LabNamespace.Tap, "--ip", "198.51.100.2/24",
            "--port", "80", "--app", "http", "--pcap", pcap, "--seed", "5");

        // Bounded: until the CLI has started, the address does not answer ARP and curl retries.
        var curl = await lab.RunAsync(Timeout, "curl", "-sS", "--connect-timeout", "2", "--retry", "40", "--retry-connrefused", "--retry-delay", "1",
            "-w", "|%{http_code}", "http://198.51.100.2/");
        Assert.Equal("Hello from Hashdance\n|200", curl.EnsureSuccess().Text);
        Assert.False(serve.HasExited);

        // ip netns exec execs its command, so the process is the CLI itself.
        (await ExternalProcess.RunAsync("kill", ["-TERM", serve.ProcessId.ToString()], Timeout)).EnsureSuccess();
        var stopped = await serve.WaitAsync(Timeout);

        Assert.Equal(0, stopped.ExitCode);
        var counters = stopped.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => long.Parse(f[1]));
        Assert.Equal(1, counters["TcpPassiveOpens"]);
        Assert.Equal(1, counters["AppHttpRequests"]);
        Assert.Equal(0, counters["LinkTxErrors"]);
        Assert.StartsWith("serving http on 198.51.100.2:80", stopped.StdErr);
        await CaptureCheck.AssertCleanAsync(pcap, minimumFrames: 8);
    }

    [InteropFact("python3", "ss")]
    public async Task Connect_exchanges_a_stream_with_a_kernel_server_and_reports_json()
    {
        await using var lab = await LabNamespace.CreateAsync();
        const int bytes = 300_000;
        await using var server = lab.Start("python3", "-c", PythonClients.StreamServer, bytes.ToString(), "9200");
        await lab.WaitForKernelListenerAsync(9200, Timeout);
        var send = Path.GetTempFileName();
        var data = new byte[123_456];
        new Random(8).NextBytes(data);
        await File.WriteAllBytesAsync(send, data);

        var connect = await lab.RunAsync(Timeout, "dotnet", HashdanceCli.DllPath, "connect", "--tap", LabNamespace.Tap, "--ip", "198.51.100.2/24",
            "--to", "198.51.100.1:9200", "--send", send, "--json");
        var kernelSide = (await server.WaitAsync(Timeout)).EnsureSuccess().Text.Trim().Split(' ');

        using var json = JsonDocument.Parse(connect.EnsureSuccess().Text);
        var r = json.RootElement;
        Assert.True(r.GetProperty("ok").GetBoolean());
        Assert.Equal(data.Length, r.GetProperty("bytes_sent").GetInt64());
        Assert.Equal(bytes, r.GetProperty("bytes_received").GetInt64());
        Assert.Equal(kernelSide[0], r.GetProperty("sha256_received").GetString());
        Assert.Equal(kernelSide[1], r.GetProperty("sha256_sent").GetString());
        Assert.Equal(1, r.GetProperty("counters").GetProperty("TcpActiveOpens").GetInt64());
        File.Delete(send);
    }

    /// <summary>
    /// --iface: the SharpPcap link on the stack's end of a veth whose other end is the kernel's. Run under ip netns exec
    /// (libpcap lists devices from /sys, which only ip netns exec remounts for the namespace; a setns'd thread would
    /// see the root namespace's list).
    /// </summary>
    [InteropFact("curl", "kill", "ethtool")]
    public async Task Serve_on_a_veth_through_libpcap_answers_curl()
    {
        await using var lab = await LabNamespace.CreateAsync(veth: true);
        await using var serve = lab.Start("dotnet", HashdanceCli.DllPath, "serve", "--iface", LabNamespace.VethStack, "--ip", "198.51.100.2/24",
            "--port", "80", "--app", "http");

        var curl = await lab.RunAsync(Timeout, "curl", "-sS", "--connect-timeout", "2", "--retry", "40", "--retry-connrefused", "--retry-delay", "1",
            "-w", "|%{http_code}", "http://198.51.100.2/");
        Assert.Equal("Hello from Hashdance\n|200", curl.EnsureSuccess().Text);

        (await ExternalProcess.RunAsync("kill", ["-TERM", serve.ProcessId.ToString()], Timeout)).EnsureSuccess();
        var stopped = await serve.WaitAsync(Timeout);
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("on pcap hdv1", stopped.StdErr);
        var lines = stopped.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("PcapDrop ", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("TcpInCsumErrors", StringComparison.Ordinal));
    }
}
