using Hashdance.Actors.Apps;
using Hashdance.Interop.Tests.Infrastructure;
using Hashdance.Protocol.Mib;

namespace Hashdance.Interop.Tests;

/// <summary>The link's own properties reach the wire: the MTU sets the MSS, and a multi-queue TAP spreads flows.</summary>
public sealed class LinkVariantTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [InteropFact("curl", "tshark")]
    public async Task The_syn_ack_advertises_the_mss_of_the_tap_mtu()
    {
        await using var lab = await LabNamespace.CreateAsync(mtu: 1400);
        await using var stack = LabStack.Start(lab);
        await stack.ServeAsync(ServeApp.Http, 80);

        (await lab.RunAsync(Timeout, "curl", "-sS", "-m", "20", "http://198.51.100.2/")).EnsureSuccess();

        Assert.Equal(1400, stack.Tap.Info.Mtu);
        await stack.DisposeAsync();
        var mss = await ExternalProcess.RunAsync("tshark",
            ["-n", "-r", stack.PcapPath!, "-Y", "tcp.flags.syn == 1", "-T", "fields", "-e", "ip.src", "-e", "tcp.options.mss_val"], Timeout);
        // The kernel's SYN carries its own MSS for the same MTU, and ours answers with MTU - 40.
        Assert.Equal(["198.51.100.1\t1360", "198.51.100.2\t1360"], mss.EnsureSuccess().Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 8);
    }

    [InteropFact("python3")]
    public async Task A_multi_queue_tap_carries_many_flows_over_its_queues()
    {
        await using var lab = await LabNamespace.CreateAsync(multiQueue: true);
        await using var stack = LabStack.Start(lab, queues: 2);
        await stack.ServeAsync(ServeApp.Http, 80);

        var python = await lab.RunAsync(Timeout, "python3", "-c", PythonClients.HttpLoad, "0", "100");

        Assert.Equal("0 100", python.EnsureSuccess().Text.Trim());
        Assert.Equal(2, stack.Tap.Queues);
        Assert.Equal(100, stack.Stack.Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(0, stack.Tap.ReceiveErrors);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 100 * 8);
    }
}
