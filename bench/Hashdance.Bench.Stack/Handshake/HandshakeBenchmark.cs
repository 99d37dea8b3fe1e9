using Hashdance.Actors.Experiments;
using Hashdance.Bench.Stack.Harness;
using static Hashdance.Bench.Stack.Harness.Table;

namespace Hashdance.Bench.Stack.Handshake;

/// <summary>
/// Benchmark 1, the handshake rate: connections opened, accepted and reset per second by two Hashdance stacks on the
/// in-memory wire, against the kernel's loopback rate measured in the same run. Rounds alternate between the two
/// (kernel, Hashdance, kernel, ...) so that load from other tenants of the machine falls on both alike; the ratio is
/// taken per round pair and averaged.
/// </summary>
public static class HandshakeBenchmark
{
    public static async Task RunAsync(BenchArgs args)
    {
        var connections = args.Int("connections", 20_000);
        var concurrency = args.Int("concurrency", 200);
        var kernelConnections = args.Int("kernel-connections", 20_000);
        var clientThreads = args.Int("client-threads", 2);
        var rounds = args.Int("rounds", 5);
        var warmup = args.Int("warmup", 2);
        var backlog = args.Int("backlog", 4096);
        var allocationTypes = args.Int("allocation-types", 0);
        args.ThrowOnUnknown();

        Console.WriteLine($"== handshake: {connections} Hashdance connections per round (concurrency {concurrency}), {kernelConnections} kernel connections per round ({clientThreads} client threads), backlog {backlog}, {rounds} rounds after {warmup} warm-up ==");
        using var kernel = new KernelLoopbackRig(backlog);
        await using var hashdance = await HashdanceHandshakeRig.StartAsync(backlog);

        var kernelRounds = new List<RoundResult>();
        var ourRounds = new List<RoundResult>();
        using var sampler = allocationTypes > 0 ? new AllocationSampler() : null;
        for (var round = -warmup; round < rounds; round++)
        {
            var k = kernel.RunRound(kernelConnections, clientThreads);
            if (round >= 0) sampler?.Start();
            var h = await hashdance.RunRoundAsync(connections, concurrency);
            sampler?.Stop();
            var label = round < 0 ? "warm-up" : $"round {round + 1}";
            Console.WriteLine($"  {label,-8} kernel {N(k.PerSecond),8}/s ({N(k.CpuMicrosPerOperation, "F1")} µs CPU)   hashdance {N(h.PerSecond),7}/s ({N(h.CpuMicrosPerOperation, "F1")} µs CPU)   ratio {N(h.PerSecond / k.PerSecond, "F3")}×   load {MachineInfo.LoadAverage()}");
            if (round < 0) continue;
            kernelRounds.Add(k);
            ourRounds.Add(h);
        }

        Console.WriteLine();
        PrintSummary(kernelRounds, ourRounds);
        var drops = HandshakeExperiment.Drops(hashdance.ServerCounters);
        Console.WriteLine($"  server drops by reason: {(drops.Count == 0 ? "none" : string.Join(", ", drops.Select(d => $"{d.Key} {d.Value}")))}");
        Check.That(drops.Count == 0, "the server dropped segments on a lossless wire");
        if (sampler is null) return;
        Console.WriteLine($"  Hashdance allocations by type (sampled GCAllocationTick, share of {N(ourRounds.Average(r => r.AllocatedBytesPerOperation))} B per connection):");
        foreach (var (type, share) in sampler.Top(allocationTypes))
            Console.WriteLine($"    {N(share * 100, "F1"),5} %  {N(share * ourRounds.Average(r => r.AllocatedBytesPerOperation)),6} B  {type}");
    }

    private static void PrintSummary(List<RoundResult> kernel, List<RoundResult> ours)
    {
        var ratios = kernel.Zip(ours, (k, h) => h.PerSecond / k.PerSecond).ToList();
        var cpuRatios = kernel.Zip(ours, (k, h) => h.CpuMicrosPerOperation / k.CpuMicrosPerOperation).ToList();
        string[] Row(string name, List<RoundResult> r) =>
        [
            name,
            RoundStats.Of(r.Select(x => x.PerSecond).ToList()).Format("N0"),
            RoundStats.Of(r.Select(x => x.CpuMicrosPerOperation).ToList()).Format("F1"),
            N(r.Average(x => x.AllocatedBytesPerOperation)),
            N(r.Sum(x => x.Gen0) * 10_000.0 / r.Sum(x => x.Operations), "F1") + " / " + N(r.Sum(x => x.Gen1) * 10_000.0 / r.Sum(x => x.Operations), "F1")
                + " / " + N(r.Sum(x => x.Gen2) * 10_000.0 / r.Sum(x => x.Operations), "F1"),
            N(100 * r.Sum(x => x.GcPauseSeconds) / r.Sum(x => x.Seconds), "F1") + " %",
        ];
        Table.Print(
        [
            ["", "connections/s", "CPU µs/connection", "bytes allocated/connection", "GCs gen0/1/2 per 10k", "GC paused"],
            Row("kernel loopback", kernel),
            Row("hashdance", ours),
        ]);
        Console.WriteLine($"  RATIO hashdance/kernel: rate {RoundStats.Of(ratios).Format("F3")}× (target ≥ 1.0×), CPU per connection {RoundStats.Of(cpuRatios).Format("F2")}×");
    }
}
