using System.Diagnostics;
using Hashdance.Bench.Stack.Harness;
using Hashdance.Protocol.Mib;
using static Hashdance.Bench.Stack.Harness.Table;

namespace Hashdance.Bench.Stack.Stream;

/// <summary>
/// Benchmark 4, one established connection (issue 5): bulk throughput client to server, 1-byte request/response
/// latency (p50, p99) and bytes allocated per segment in steady state, for two Hashdance stacks on the in-memory
/// wire driven through the async facade, against one kernel loopback connection (System.Net.Sockets on 127.0.0.1)
/// measured in the same run with the same calls. Bulk rounds alternate kernel / Hashdance, so load from other
/// tenants falls on both alike; ratios are taken per round pair.
/// </summary>
public static class StreamBenchmark
{
    public static async Task RunAsync(BenchArgs args)
    {
        var megabytes = args.Int("megabytes", 256);
        var kernelMegabytes = args.Int("kernel-megabytes", 1024);
        var chunk = args.Int("chunk", 64 * 1024);
        var rounds = args.Int("rounds", 5);
        var warmup = args.Int("warmup", 3);
        var pingPongs = args.Int("pingpongs", 20_000);
        var allocationTypes = args.Int("allocation-types", 0);
        args.ThrowOnUnknown();

        Console.WriteLine($"== stream: bulk {megabytes} MiB (Hashdance) / {kernelMegabytes} MiB (kernel) per round in {chunk}-byte writes, {rounds} rounds after {warmup} warm-up; {pingPongs} 1-byte ping-pongs; TCP_NODELAY ==");
        await using var kernel = await KernelStreamRig.StartAsync();
        await using var hashdance = await HashdanceStreamRig.StartAsync();
        using var sampler = allocationTypes > 0 ? new AllocationSampler() : null;

        var kernelRates = new List<double>();
        var kernelCpuRates = new List<double>();
        var ourCpuRates = new List<double>();
        var ourRates = new List<double>();
        var bytesPerSegment = new List<double>();
        var bytesPerDataSegment = new List<double>();
        for (var round = -warmup; round < rounds; round++)
        {
            var (k, kCpu) = await TimeAsync(() => kernel.Ends.BulkAsync((long)kernelMegabytes << 20, chunk));
            var segmentsBefore = hashdance.SegmentsSent;
            var dataBefore = hashdance.ClientStack.Counters[MibCounter.TcpOutSegs];
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            if (round >= 0) sampler?.Start();
            var (h, hCpu) = await TimeAsync(() => hashdance.Ends.BulkAsync((long)megabytes << 20, chunk));
            sampler?.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var segments = hashdance.SegmentsSent - segmentsBefore;
            var dataSegments = hashdance.ClientStack.Counters[MibCounter.TcpOutSegs] - dataBefore;
            var kRate = kernelMegabytes / k;
            var hRate = megabytes / h;
            var label = round < 0 ? "warm-up" : $"round {round + 1}";
            Console.WriteLine($"  {label,-8} kernel {N(kRate, "F0"),6} MiB/s ({N(kernelMegabytes / kCpu, "F0")} per CPU-s)   hashdance {N(hRate, "F1"),6} MiB/s ({N(megabytes / hCpu, "F0")} per CPU-s)   ratio {N(hRate / kRate, "F3")}×   " +
                $"{N(allocated / (double)segments, "F0")} B/segment ({N(segments)} segments, {N(dataSegments)} from the sender)   load {MachineInfo.LoadAverage()}");
            if (round < 0) continue;
            kernelRates.Add(kRate);
            kernelCpuRates.Add(kernelMegabytes / kCpu);
            ourCpuRates.Add(megabytes / hCpu);
            ourRates.Add(hRate);
            bytesPerSegment.Add(allocated / (double)segments);
            bytesPerDataSegment.Add(allocated / (double)dataSegments);
        }

        var kernelTicks = new long[pingPongs];
        var ourTicks = new long[pingPongs];
        // A warm-up pass each, then the measured pass.
        await kernel.Ends.PingPongAsync(Math.Min(pingPongs, 2000), kernelTicks);
        await hashdance.Ends.PingPongAsync(Math.Min(pingPongs, 2000), ourTicks);
        await kernel.Ends.PingPongAsync(pingPongs, kernelTicks);
        await hashdance.Ends.PingPongAsync(pingPongs, ourTicks);
        var (k50, k99) = Percentiles(kernelTicks);
        var (h50, h99) = Percentiles(ourTicks);

        Console.WriteLine();
        var ratios = kernelRates.Zip(ourRates, (k, h) => h / k).ToList();
        Table.Print(
        [
            ["", "bulk MiB/s", "bulk MiB per CPU-second", "ping-pong p50 µs", "ping-pong p99 µs"],
            ["kernel loopback", RoundStats.Of(kernelRates).Format("F0"), RoundStats.Of(kernelCpuRates).Format("F0"), N(k50, "F1"), N(k99, "F1")],
            ["hashdance", RoundStats.Of(ourRates).Format("F1"), RoundStats.Of(ourCpuRates).Format("F0"), N(h50, "F1"), N(h99, "F1")],
        ]);
        var cpuRatios = kernelCpuRates.Zip(ourCpuRates, (k, h) => h / k).ToList();
        Console.WriteLine($"  RATIO hashdance/kernel: bulk throughput {RoundStats.Of(ratios).Format("F3")}× (target ≥ 0.25×), per CPU-second {RoundStats.Of(cpuRatios).Format("F3")}×; latency p50 {N(h50 / k50, "F2")}×, p99 {N(h99 / k99, "F2")}×");
        Console.WriteLine($"  ALLOCATION in steady state (whole process, both stacks and the facade): {RoundStats.Of(bytesPerSegment).Format("F0")} B per segment sent (data and ACKs), {RoundStats.Of(bytesPerDataSegment).Format("F0")} B per data segment (target 0 B)");
        if (sampler is null) return;
        Console.WriteLine("  allocations by type (sampled GCAllocationTick, share of the bulk rounds):");
        foreach (var (type, share) in sampler.Top(allocationTypes))
            Console.WriteLine($"    {N(share * 100, "F1"),5} %  {N(share * bytesPerSegment.Average(), "F1"),6} B/segment  {type}");
    }

    /// <summary>Wall seconds and process CPU seconds (user and system, so the kernel's loopback work counts too) of <paramref name="run"/>.</summary>
    private static async Task<(double Wall, double Cpu)> TimeAsync(Func<Task> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await run();
        var wall = watch.Elapsed.TotalSeconds;
        return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>p50 and p99 of <paramref name="ticks"/> in microseconds.</summary>
    private static (double P50, double P99) Percentiles(long[] ticks)
    {
        var sorted = ticks.Order().ToArray();
        double Micros(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1e6 / Stopwatch.Frequency;
        return (Micros(0.50), Micros(0.99));
    }
}
