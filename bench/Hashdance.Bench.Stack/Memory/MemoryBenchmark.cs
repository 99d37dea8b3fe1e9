using Hashdance.Bench.Stack.Harness;
using static Hashdance.Bench.Stack.Harness.Table;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>
/// Benchmark 2, memory per idle established connection: the live heap added by N idle connections (both sides,
/// each side alone, and the parts of one connection measured alone), against the kernel's slab memory per idle
/// loopback socket measured in the same run.
/// </summary>
public static class MemoryBenchmark
{
    /// <summary>The target per connection and side (Linux spends about 2.2 KB on a tcp_sock).</summary>
    private const double TargetBytes = 2048;

    public static async Task RunAsync(BenchArgs args)
    {
        var connections = args.Int("connections", 100_000);
        var ports = args.Int("ports", 4);
        var concurrency = args.Int("concurrency", 500);
        var warmup = args.Int("warmup", 1000);
        var kernelPairs = args.Int("kernel-pairs", 6000);
        var breakdownCount = args.Int("breakdown", 100_000);
        IdleConnectionPhases.HoldSeconds = args.Int("hold-seconds", 0);
        args.ThrowOnUnknown();
        Check.That((warmup + connections) / ports < 28_000, $"{warmup + connections} connections need more than {ports} listening ports (about 28k ephemeral ports per port)");

        Console.WriteLine($"== memory: {connections} idle established connections over {ports} listening ports ({warmup} warm-up connections opened first and kept) ==");
        var kernel = KernelIdleConnections.Measure(kernelPairs);
        if (kernel is null) Console.WriteLine("  kernel baseline: /proc/slabinfo not readable (not root?); comparing with the nominal 2,368-byte tcp_sock");
        else
        {
            Console.WriteLine($"  kernel (same run, {kernel.Sockets} sockets in {kernelPairs} idle loopback pairs, /proc/slabinfo deltas): "
                + string.Join(", ", kernel.BytesPerSocket.Select(p => $"{p.Key} {N(p.Value)}")) + $" B/socket; struct tcp_sock object {kernel.TcpSockObjectSize} B");
        }
        var tcpSock = kernel?.TcpSockObjectSize ?? 2368;

        var both = await IdleConnectionPhases.BothStacksAsync(connections, warmup, ports, concurrency);
        var server = await IdleConnectionPhases.ServerOnlyAsync(connections, warmup, ports, concurrency);
        var client = await IdleConnectionPhases.ClientOnlyAsync(connections, warmup, ports, concurrency);
        Console.WriteLine();
        Table.Print(
        [
            ["", "connections", "setup s", "heap B/connection", "vs kernel tcp_sock", "vs kernel socket+fd"],
            .. new[] { both, server, client }.Select(r => new[]
            {
                r.Name, N(r.Connections), N(r.SetupSeconds, "F1"), N(r.BytesPerConnection),
                N(r.BytesPerConnection / (r == both ? 2 * tcpSock : tcpSock), "F2") + "×" + (r == both ? " (of two)" : ""),
                kernel is null ? "-" : N(r.BytesPerConnection / (r == both ? 2 * kernel.WithFileBytes : kernel.WithFileBytes), "F2") + "×",
            }),
            ["server + client sides", "", "", N(server.BytesPerConnection + client.BytesPerConnection), "", ""],
        ]);
        Console.WriteLine($"  RATIO per side vs the kernel's tcp_sock ({tcpSock} B): server {N(server.BytesPerConnection / tcpSock, "F2")}×, client {N(client.BytesPerConnection / tcpSock, "F2")}×; "
            + $"target ≤ {TargetBytes:N0} B per side: server {(server.BytesPerConnection <= TargetBytes ? "met" : "NOT met")}, client {(client.BytesPerConnection <= TargetBytes ? "met" : "NOT met")}");

        var parts = await ComponentCosts.MeasureAsync(breakdownCount);
        Console.WriteLine();
        Console.WriteLine($"  breakdown (each part measured alone, {breakdownCount} instances):");
        Table.Print([["part", "B", "what"], .. parts.Select(p => new[] { p.Name, N(p.Bytes), p.What })]);
        var inSocket = parts.Where(p => !p.Name.StartsWith('(')).ToList();
        var modeledServer = inSocket.Sum(p => p.Bytes);
        var modeledClient = inSocket.Where(p => p.Name != "+ watched by parent").Sum(p => p.Bytes);
        Console.WriteLine($"  server connection: parts {N(modeledServer)} B of {N(server.BytesPerConnection)} B measured; the other {N(server.BytesPerConnection - modeledServer)} B are the socket shell's own objects (actor fields, output port, closures, the Props the cell keeps with what its factory captured)");
        Console.WriteLine($"  client connection (not watched by its parent): parts {N(modeledClient)} B of {N(client.BytesPerConnection)} B measured; other {N(client.BytesPerConnection - modeledClient)} B");
    }
}
