using Akka.Actor;
using Hashdance.Actors.Apps;
using Hashdance.Actors.Ingress;
using Hashdance.Interop.Tests.Infrastructure;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;
using Xunit.Abstractions;

namespace Hashdance.Interop.Tests;

/// <summary>
/// hping3 floods the Hashdance server with SYNs for 10 s from a spoofed source inside the lab's range while 200 kernel
/// clients connect. The spoofed address, 198.51.100.77, is owned by nobody: the stack has a permanent neighbour entry
/// for it with a MAC nobody has, so its SYN-ACKs leave the TAP, reach the kernel as PACKET_OTHERHOST frames and are
/// dropped, never answered (no RST, no ACK), exactly as SYN-ACKs to a spoofed host vanish on a real network.
/// </summary>
public sealed class SynFloodTests(ITestOutputHelper output)
{
    private static readonly Ipv4Address Spoofed = Ipv4Address.Parse("198.51.100.77");
    private static readonly MacAddress Nobody = MacAddress.Parse("02:00:00:00:de:ad");

    [InteropFact("hping3", "python3", "timeout")]
    public async Task Two_hundred_clients_get_through_a_ten_second_flood_with_syncookies()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab, s => s with
        {
            Sysctls = s.Sysctls with { TcpSyncookies = 1 },
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [Spoofed] = Nobody },
        }, record: false);
        await stack.ServeAsync(ServeApp.Http, 80, backlog: 128);
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        await using var flood = lab.Start("timeout", "-s", "INT", "10", "hping3", "-q", "-S", "-p", "80", "-a", Spoofed.ToString(), "--flood", "198.51.100.2");
        // Bounded wait for the flood to overflow the SYN queue before the clients start.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (stack.Stack.Counters[MibCounter.TcpExtSyncookiesSent] == 0 && DateTime.UtcNow < deadline) await Task.Delay(TimeSpan.FromMilliseconds(20));
        Assert.True(stack.Stack.Counters[MibCounter.TcpExtSyncookiesSent] > 0, "the flood never overflowed the SYN queue");

        var clients = await lab.RunAsync(TimeSpan.FromSeconds(120), "python3", "-c", PythonClients.HttpLoad, "0", "200");
        await flood.WaitAsync(TimeSpan.FromSeconds(30));

        var ok = int.Parse(clients.EnsureSuccess().Text.Trim().Split(' ')[1]);
        var c = stack.Stack.Counters;
        var tables = await stack.Stack.Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, TimeSpan.FromSeconds(10));
        GC.Collect();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"clients ok {ok}/200; TcpInSegs {c[MibCounter.TcpInSegs]}, SyncookiesSent {c[MibCounter.TcpExtSyncookiesSent]}, " +
                         $"SyncookiesRecv {c[MibCounter.TcpExtSyncookiesRecv]}, ListenDrops {c[MibCounter.TcpExtListenDrops]}, ehash {tables.Ehash.Count}, " +
                         $"heap {heapBefore >> 20} MiB -> {heapAfter >> 20} MiB");
        Assert.True(ok >= 198, $"only {ok} of 200 clients succeeded during the flood");
        Assert.True(c[MibCounter.TcpExtSyncookiesSent] > 1000, $"SyncookiesSent {c[MibCounter.TcpExtSyncookiesSent]}");
        // Request socks are bounded by the backlog (the rest got cookies, which cost no state): memory stays bounded.
        Assert.True(tables.Ehash.Count <= 128 + 200, $"{tables.Ehash.Count} sockets in the ehash after the flood");
        Assert.True(heapAfter - heapBefore < 256L << 20, $"the heap grew by {(heapAfter - heapBefore) >> 20} MiB");
    }
}
