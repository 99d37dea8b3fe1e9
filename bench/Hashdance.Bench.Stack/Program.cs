using Hashdance.Bench.Stack.Flood;
using Hashdance.Bench.Stack.Handshake;
using Hashdance.Bench.Stack.Harness;
using Hashdance.Bench.Stack.Memory;
using Hashdance.Bench.Stack.Stream;

namespace Hashdance.Bench.Stack;

/// <summary>
/// End-to-end benchmarks of the Hashdance stack, each against a baseline measured in the same run:
/// <c>handshake</c>, <c>memory</c>, <c>synflood</c>, <c>stream</c>, <c>micro</c> (BenchmarkDotNet) and <c>all</c>. Exit code 0 when
/// every correctness check passed, 2 when one failed (the figures are then not printed as results), 1 on bad usage.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: hashdance-bench-stack handshake [--connections 20000] [--concurrency 200] [--kernel-connections 20000] [--client-threads 2] [--rounds 5] [--warmup 2] [--backlog 4096] [--allocation-types 0]
               hashdance-bench-stack memory [--connections 100000] [--ports 4] [--concurrency 500] [--warmup 1000] [--kernel-pairs 6000] [--breakdown 100000] [--hold-seconds 0]
               hashdance-bench-stack synflood [--syns 1000000] [--legit 1000] [--window 2048] [--backlog 128] [--samples 10] [--idle-connects 200]
               hashdance-bench-stack stream [--megabytes 256] [--kernel-megabytes 1024] [--chunk 65536] [--rounds 5] [--warmup 3] [--pingpongs 20000] [--allocation-types 0]
               hashdance-bench-stack wire [--connections 5000] [--client-threads 2] [--megabytes 200] [--rounds 3]   (root: namespaces and a TAP)
               hashdance-bench-stack micro [BenchmarkDotNet arguments]
               hashdance-bench-stack all
        """;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 1;
        }
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        try
        {
            var rest = args[1..];
            switch (args[0])
            {
                case "handshake":
                    await HandshakeBenchmark.RunAsync(new BenchArgs(rest));
                    break;
                case "memory":
                    await MemoryBenchmark.RunAsync(new BenchArgs(rest));
                    break;
                case "synflood":
                    await SynFloodBenchmark.RunAsync(new BenchArgs(rest));
                    break;
                case "stream":
                    await StreamBenchmark.RunAsync(new BenchArgs(rest));
                    break;
                case "wire":
                    await Wire.WireBenchmark.RunAsync(new BenchArgs(rest));
                    break;
                case "micro":
                    // In process: BenchmarkDotNet's generated project cannot find this one (the assembly is named hashdance-bench-stack).
                    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest, "--inProcess"]);
                    break;
                case "all":
                    await HandshakeBenchmark.RunAsync(new BenchArgs([]));
                    await MemoryBenchmark.RunAsync(new BenchArgs([]));
                    await SynFloodBenchmark.RunAsync(new BenchArgs([]));
                    await StreamBenchmark.RunAsync(new BenchArgs([]));
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 1;
            }
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"hashdance-bench-stack: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 1;
        }
        catch (BenchCheckFailedException e)
        {
            Console.Error.WriteLine($"CHECK FAILED: {e.Message}");
            return 2;
        }
    }
}
