using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Hashdance.Actors.Api;
using Hashdance.Actors.Apps;
using Hashdance.Actors.Stack;
using Hashdance.Bench.Stack.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Wire;

/// <summary>
/// <c>wire</c>: Linux's TCP as the client against (a) Hashdance behind a TAP and (b) Linux's TCP in another namespace
/// over a veth pair, in the same run, alternating per round: handshakes per second and bulk throughput, and their
/// ratios. Needs root (namespaces, TAP). The Hashdance server runs the discard app on Akka's real scheduler.
/// </summary>
internal static class WireBenchmark
{
    private const ushort Port = 5001;

    public static async Task RunAsync(BenchArgs args)
    {
        var connections = args.Int("connections", 5000);
        var threads = args.Int("client-threads", 2);
        var megabytes = args.Int("megabytes", 200);
        var rounds = args.Int("rounds", 3);
        args.ThrowOnUnknown();
        Console.WriteLine($"wire: {connections} connects x {rounds} rounds from {threads} kernel client threads; {megabytes} MB bulk per round; load {MachineInfo.LoadAverage()}");

        using var lab = WireBenchLab.Create();
        var system = ActorSystem.Create("wire-bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = off"));
        var clock = new SchedulerClock(system.Scheduler);
        var mac = MacAddress.Parse("02:68:64:33:64:02");
        var tap = NetworkNamespace.Run(lab.ClientNamespace, () => TapLink.Open(WireBenchLab.Tap, new TapLinkOptions { Mac = mac }, clock));
        try
        {
            var stack = HashdanceStack.Start(system, new StackSettings
            {
                Name = "bench", Address = Ipv4Address.Parse("198.51.100.2"), PrefixLength = 25, Mac = mac, Mtu = tap.Info.Mtu, Seed = 4,
            }, tap);
            var counters = new AppCounters();
            var bound = new TaskCompletionSource<TcpEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(AppListener.Props(stack.Manager, new Ipv4Endpoint(Ipv4Address.Parse("198.51.100.2"), Port), 4096, ServeApp.Discard, counters, bound));
            if (await bound.Task.WaitAsync(TimeSpan.FromSeconds(10)) is not Bound) throw new BenchCheckFailedException("the Hashdance server did not bind");
            using var kernel = new KernelSinkServer(lab.ServerNamespace, new IPEndPoint(IPAddress.Parse("198.51.100.130"), Port));
            var hashdance = new IPEndPoint(IPAddress.Parse("198.51.100.2"), Port);
            var baseline = new IPEndPoint(IPAddress.Parse("198.51.100.130"), Port);

            // Warm-up: JIT, ARP on both paths, the actor system's first spawns.
            KernelClients.HandshakesPerSecond(lab.ClientNamespace, hashdance, 500, threads);
            KernelClients.HandshakesPerSecond(lab.ClientNamespace, baseline, 500, threads);
            var rows = new List<string[]> { new[] { "round", "Hashdance hs/s", "kernel hs/s", "ratio", "Hashdance MB/s", "kernel MB/s", "ratio" } };
            var hsRatios = new List<double>();
            var bulkRatios = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var hdHs = KernelClients.HandshakesPerSecond(lab.ClientNamespace, hashdance, connections, threads);
                var kHs = KernelClients.HandshakesPerSecond(lab.ClientNamespace, baseline, connections, threads);
                var hdBulk = KernelClients.BulkMegabytesPerSecond(lab.ClientNamespace, hashdance, megabytes * 1_000_000L);
                var kBulk = KernelClients.BulkMegabytesPerSecond(lab.ClientNamespace, baseline, megabytes * 1_000_000L);
                hsRatios.Add(hdHs / kHs);
                bulkRatios.Add(hdBulk / kBulk);
                rows.Add([round.ToString(), Table.N(hdHs), Table.N(kHs), Table.N(hdHs / kHs, "F3"), Table.N(hdBulk, "F1"), Table.N(kBulk, "F1"), Table.N(hdBulk / kBulk, "F3")]);
            }
            Table.Print(rows);
            hsRatios.Sort();
            bulkRatios.Sort();
            Console.WriteLine($"median ratio Hashdance/kernel: handshakes {Table.N(hsRatios[rounds / 2], "F3")}, bulk {Table.N(bulkRatios[rounds / 2], "F3")}");
            Console.WriteLine($"Hashdance counters: accepted {counters.Accepted}, bytes {counters.BytesReceived}, TcpPassiveOpens {stack.Counters[Hashdance.Protocol.Mib.MibCounter.TcpPassiveOpens]}; tap tx errors {tap.SendErrors}; load {MachineInfo.LoadAverage()}");
        }
        finally
        {
            await system.Terminate();
            await tap.DisposeAsync();
        }
    }
}
