using Hashdance.Actors.Apps;
using Hashdance.Interop.Tests.Infrastructure;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Xunit.Abstractions;

namespace Hashdance.Interop.Tests;

/// <summary>
/// A faulty path: 5 % loss, 20 ms delay and reordering, and 10 MB each way through the echo app must arrive intact.
/// With sch_netem, tc netem on the kernel's side of the TAP (its egress towards Hashdance: loss 5 %, delay 20 ms,
/// reorder 25 % 50 %). Kernels built without sch_netem (this project's Firecracker VMs) get the same faults another
/// way: nftables drops 5 % of the TCP frames in the namespace in both directions (numgen random), and Hashdance's own
/// FaultInjector delays its outbound frames by 20 ms and reorders 25 % of them.
/// </summary>
public sealed class PathFaultTests(ITestOutputHelper output)
{
    [InteropFact("python3", "tc", "nft", "tshark")]
    public async Task Ten_megabytes_each_way_arrive_intact_through_loss_delay_and_reordering()
    {
        await using var lab = await LabNamespace.CreateAsync();
        var netem = await lab.RunAsync(TimeSpan.FromSeconds(20), "tc", "qdisc", "add", "dev", LabNamespace.Tap, "root", "netem",
            "loss", "5%", "delay", "20ms", "reorder", "25%", "50%");
        FaultPlan? faults = null;
        if (netem.ExitCode != 0)
        {
            Assert.Contains("qdisc kind is unknown", netem.StdErr);
            output.WriteLine("no sch_netem in this kernel: nftables loss on the kernel side, FaultInjector delay and reordering on ours");
            await lab.RunAsync(TimeSpan.FromSeconds(20), "nft", "add", "table", "inet", "lab");
            foreach (var hook in new[] { "input", "output" })
            {
                (await lab.RunAsync(TimeSpan.FromSeconds(20), "nft", $"add chain inet lab {hook} {{ type filter hook {hook} priority 0; }}")).EnsureSuccess();
                (await lab.RunAsync(TimeSpan.FromSeconds(20), "nft", $"add rule inet lab {hook} meta l4proto tcp numgen random mod 100 < 5 drop")).EnsureSuccess();
            }
            faults = new FaultPlan { Delay = TimeSpan.FromMilliseconds(20), ReorderRate = 0.25 };
        }
        await using var stack = LabStack.Start(lab, faults: faults);
        await stack.ServeAsync(ServeApp.Echo, 7);
        const int bytes = 10 << 20;

        var python = await lab.RunAsync(TimeSpan.FromSeconds(280), "python3", "-c", PythonClients.EchoStream, "0", "0", bytes.ToString(), "7");

        var fields = python.EnsureSuccess().Text.Trim().Split(' ');
        Assert.Equal(fields[0], fields[1]);
        Assert.Equal(bytes.ToString(), fields[2]);
        Assert.Equal(bytes, stack.AppCounters.BytesReceived);
        var c = stack.Stack.Counters;
        var kernel = await lab.NstatAsync();
        output.WriteLine($"kernel TcpRetransSegs {kernel["TcpRetransSegs"]}; Hashdance TcpRetransSegs {c[MibCounter.TcpRetransSegs]}, " +
                         $"TCPOFOQueue {c[MibCounter.TcpExtTCPOFOQueue]}");
        Assert.True(kernel["TcpRetransSegs"] > 0, "5 % loss and the kernel never retransmitted?");
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 10_000);
    }
}
