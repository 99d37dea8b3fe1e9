using System.Security.Cryptography;
using Hashdance.Actors.Apps;
using Hashdance.Interop.Tests.Infrastructure;
using Hashdance.Protocol.Mib;

namespace Hashdance.Interop.Tests;

/// <summary>Linux's TCP as the client, Hashdance serving on the TAP: curl, nc, python sockets, ping.</summary>
public sealed class KernelClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [InteropFact("curl", "tshark")]
    public async Task Curl_gets_200_and_the_body_from_the_http_app()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);
        await stack.ServeAsync(ServeApp.Http, 80);

        var curl = await lab.RunAsync(Timeout, "curl", "-sS", "-m", "20", "-w", "|%{http_code}|%{size_download}", "http://198.51.100.2/");

        Assert.Equal("Hello from Hashdance\n|200|21", curl.EnsureSuccess().Text);
        Assert.Equal(1, stack.Stack.Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(1, stack.AppCounters.Requests);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 8);
    }

    [InteropFact("wrk")]
    public async Task Wrk_keeps_ten_keep_alive_connections_busy_against_the_http_app_without_an_error()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab, record: false);
        await stack.ServeAsync(ServeApp.Http, 80);

        var wrk = await lab.RunAsync(Timeout, "wrk", "-t", "1", "-c", "10", "-d", "2s", "http://198.51.100.2/");

        var text = wrk.EnsureSuccess().Text;
        var completed = System.Text.RegularExpressions.Regex.Match(text, @"(\d+) requests in");
        Assert.True(completed.Success, text);
        var requests = long.Parse(completed.Groups[1].Value);
        Assert.True(requests >= 100, text);
        Assert.DoesNotContain("Socket errors", text);
        Assert.DoesNotContain("Non-2xx", text);
        // Keep-alive: a handful of connections carried every request (wrk keeps its -c connections open and reuses
        // them; it may open one more than -c).
        var opens = stack.Stack.Counters[MibCounter.TcpPassiveOpens];
        Assert.InRange(opens, 10, 12);
        Assert.True(requests > 10 * opens, $"{requests} requests over {opens} connections");
        Assert.True(stack.AppCounters.Requests >= requests, $"app served {stack.AppCounters.Requests}, wrk completed {requests}");
    }

    [InteropFact("nc", "tshark")]
    public async Task Nc_sends_one_megabyte_to_echo_and_gets_it_back_intact()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);
        await stack.ServeAsync(ServeApp.Echo, 7);
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);

        var nc = await lab.RunAsync(Timeout, data, "nc", "-N", "-w", "20", "198.51.100.2", "7");

        nc.EnsureSuccess();
        Assert.Equal(data.Length, nc.StdOut.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(SHA256.HashData(nc.StdOut)));
        Assert.Equal(data.Length, stack.AppCounters.BytesReceived);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 100);
    }

    [InteropTheory("python3", "tshark")]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 4096)]
    [InlineData(1, 4096)]
    [InlineData(1, 1 << 20)]
    public async Task Python_socket_with_nodelay_and_rcvbuf_variations_gets_its_stream_echoed(int nodelay, int rcvbuf)
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);
        await stack.ServeAsync(ServeApp.Echo, 7);
        const int bytes = 300_000;

        var python = await lab.RunAsync(Timeout, "python3", "-c", PythonClients.EchoStream, nodelay.ToString(), rcvbuf.ToString(), bytes.ToString(), "7");

        var fields = python.EnsureSuccess().Text.Trim().Split(' ');
        Assert.Equal(fields[0], fields[1]);
        Assert.Equal(bytes.ToString(), fields[2]);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 20);
    }

    [InteropFact("ping")]
    public async Task Ping_gets_three_replies()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);

        var ping = await lab.RunAsync(Timeout, "ping", "-c", "3", "-i", "0.2", "-W", "5", "-s", "100", "198.51.100.2");

        Assert.Contains("3 packets transmitted, 3 received", ping.EnsureSuccess().Text);
        Assert.Equal(3, stack.Stack.Counters[MibCounter.IcmpInEchos]);
        Assert.Equal(3, stack.Stack.Counters[MibCounter.IcmpOutEchoReps]);
        // The kernel resolved us by ARP (answered by the ingress), and we learned it from its request.
        Assert.True(stack.Stack.Counters[MibCounter.HdArpRequestsAnswered] >= 1);
        Assert.True(stack.Stack.Context.Egress.Neighbours.TryGet(LabNamespace.KernelAddress, out _));
        var neigh = await lab.RunAsync(Timeout, "ip", "neigh", "show", "198.51.100.2");
        Assert.Contains(LabStack.Mac.ToString(), neigh.Text, StringComparison.OrdinalIgnoreCase);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 6);
    }
}
