using Hashdance.Actors.Apps;
using Hashdance.Interop.Tests.Infrastructure;
using Hashdance.Protocol.Mib;

namespace Hashdance.Interop.Tests;

/// <summary>Many kernel connections in a row and at once; the server's counters must agree with the client's nstat.</summary>
public sealed class LoadTests
{
    [InteropFact("python3", "nstat")]
    public async Task Two_thousand_sequential_and_two_hundred_concurrent_connections_all_succeed_and_counters_agree()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);
        await stack.ServeAsync(ServeApp.Http, 80);

        var python = await lab.RunAsync(TimeSpan.FromSeconds(150), "python3", "-c", PythonClients.HttpLoad, "2000", "200");

        Assert.Equal("2000 200", python.EnsureSuccess().Text.Trim());
        var server = stack.Stack.Counters;
        Assert.Equal(2200, server[MibCounter.TcpPassiveOpens]);
        Assert.Equal(2200, stack.AppCounters.Requests);
        Assert.Equal(0, server[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(0, server[MibCounter.TcpExtListenDrops]);
        // Every segment one side sent, the other received: poll (bounded) while the last FIN/ACKs cross.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyDictionary<string, long> client;
        while (true)
        {
            client = await lab.NstatAsync();
            if ((client["TcpOutSegs"] == server[MibCounter.TcpInSegs] && client["TcpInSegs"] == server[MibCounter.TcpOutSegs]) || DateTime.UtcNow > deadline) break;
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(2200, client["TcpActiveOpens"]);
        Assert.Equal(0, client["TcpAttemptFails"]);
        Assert.Equal(0, client["TcpEstabResets"]);
        // Retransmissions are allowed (a loaded machine can delay an answer past the kernel's RTO); each one is a
        // segment both sides count, so the totals below must still agree exactly.
        Assert.Equal(client["TcpOutSegs"], server[MibCounter.TcpInSegs]);
        Assert.Equal(client["TcpInSegs"], server[MibCounter.TcpOutSegs]);
        Assert.Equal(0, server[MibCounter.TcpOutRsts]);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 2200 * 8);
    }
}
