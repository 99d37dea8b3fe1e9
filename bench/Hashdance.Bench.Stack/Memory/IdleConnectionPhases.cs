using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Experiments;
using Hashdance.Actors.Stack;
using Hashdance.Bench.Stack.Drivers;
using Hashdance.Bench.Stack.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>
/// The three ways benchmark 2 opens idle connections, each in a fresh ActorSystem: both sides Hashdance stacks; a
/// Hashdance server with a stateless raw client; a Hashdance client with a stateless raw server. A warm-up batch is
/// opened (and kept) before the first heap reading, so pools, JIT-time statics and table capacities for the first
/// connections are not charged to the measured ones.
/// </summary>
public static class IdleConnectionPhases
{
    private const int FirstPort = 8080;

    public static IReadOnlyList<Ipv4Endpoint> Endpoints(int ports) =>
        Enumerable.Range(0, ports).Select(i => new Ipv4Endpoint(BenchNetwork.ServerAddress, (ushort)(FirstPort + i))).ToList();

    /// <summary>Seconds to wait after each phase's measurement, with its connections open (for dotnet-gcdump).</summary>
    public static int HoldSeconds { get; set; }

    private static async Task Hold(string phase)
    {
        if (HoldSeconds <= 0) return;
        Console.WriteLine($"  holding '{phase}' for {HoldSeconds} s: dotnet-gcdump collect -p {Environment.ProcessId}");
        await Task.Delay(TimeSpan.FromSeconds(HoldSeconds));
    }

    public static async Task<IdlePhaseResult> BothStacksAsync(int connections, int warmup, int ports, int concurrency)
    {
        using var system = BenchNetwork.CreateSystem("idle-both");
        var wire = BenchNetwork.CreateWire(system);
        var server = BenchNetwork.StartServer(system, wire.A, TcpSysctls.Default);
        var client = BenchNetwork.StartClient(system, wire.B, TcpSysctls.Default);
        var endpoints = Endpoints(ports);
        var accepted = new ConnectTally(warmup + connections, ConnectMode.KeepOpen);
        await BindAll(system, server, endpoints, accepted);

        await OpenFromStack(system, client, endpoints, warmup, concurrency);
        await Settle(server, warmup, "warm-up", () => accepted.ServerAccepted);
        await Settle(client, warmup, "warm-up", () => accepted.ServerAccepted);
        var before = HeapMeter.LiveBytes();
        var started = DateTime.UtcNow;
        await OpenFromStack(system, client, endpoints, connections, concurrency);
        await Settle(server, warmup + connections, "server", () => accepted.ServerAccepted);
        await Settle(client, warmup + connections, "client", () => accepted.ServerAccepted);
        var setup = (DateTime.UtcNow - started).TotalSeconds;
        var after = HeapMeter.LiveBytes();
        CheckNoDrops(server);
        await Hold("both stacks");
        GC.KeepAlive(wire);
        await system.Terminate();
        return new IdlePhaseResult("both stacks (client + server)", connections, before, after, setup);
    }

    public static async Task<IdlePhaseResult> ServerOnlyAsync(int connections, int warmup, int ports, int window)
    {
        using var system = BenchNetwork.CreateSystem("idle-server");
        var wire = BenchNetwork.CreateWire(system);
        var server = BenchNetwork.StartServer(system, wire.A, TcpSysctls.Default);
        var raw = new RawHandshakeClient(wire.B, window);
        var endpoints = Endpoints(ports);
        var accepted = new ConnectTally(warmup + connections, ConnectMode.KeepOpen);
        await BindAll(system, server, endpoints, accepted);

        await Task.Run(() => raw.Open(endpoints, 0, warmup));
        await Settle(server, warmup, "warm-up", () => accepted.ServerAccepted);
        var before = HeapMeter.LiveBytes();
        var started = DateTime.UtcNow;
        await Task.Run(() => raw.Open(endpoints, warmup, connections));
        await Check.Within(Poll.Until(() => accepted.ServerAccepted >= accepted.Target), Timeout(connections),
            () => $"accepting {accepted.Target} raw handshakes (accepted {accepted.ServerAccepted}, resets {raw.Resets})");
        await Settle(server, warmup + connections, "server", () => accepted.ServerAccepted);
        var setup = (DateTime.UtcNow - started).TotalSeconds;
        var after = HeapMeter.LiveBytes();
        Check.That(raw.Resets == 0, $"the server reset {raw.Resets} raw handshakes");
        CheckNoDrops(server);
        await Hold("server side only");
        await system.Terminate();
        return new IdlePhaseResult("server side only (raw client)", connections, before, after, setup);
    }

    public static async Task<IdlePhaseResult> ClientOnlyAsync(int connections, int warmup, int ports, int concurrency)
    {
        using var system = BenchNetwork.CreateSystem("idle-client");
        var wire = BenchNetwork.CreateWire(system);
        var raw = new RawSynAckResponder(wire.A);
        var client = BenchNetwork.StartClient(system, wire.B, TcpSysctls.Default);
        var endpoints = Endpoints(ports);

        await OpenFromStack(system, client, endpoints, warmup, concurrency);
        await Settle(client, warmup, "warm-up", () => (int)raw.SynAcksSent);
        var before = HeapMeter.LiveBytes();
        var started = DateTime.UtcNow;
        await OpenFromStack(system, client, endpoints, connections, concurrency);
        await Settle(client, warmup + connections, "client", () => (int)raw.SynAcksSent);
        var setup = (DateTime.UtcNow - started).TotalSeconds;
        var after = HeapMeter.LiveBytes();
        await Hold("client side only");
        await system.Terminate();
        return new IdlePhaseResult("client side only (raw server)", connections, before, after, setup);
    }

    private static TimeSpan Timeout(int connections) => TimeSpan.FromSeconds(60 + connections / 500);

    private static async Task BindAll(ActorSystem system, HashdanceStack server, IReadOnlyList<Ipv4Endpoint> endpoints, ConnectTally accepted)
    {
        var handler = system.ActorOf(AcceptingHandler.Props(() => accepted));
        foreach (var endpoint in endpoints)
        {
            var bound = await server.Manager.Ask<TcpEvent>(new Bind(handler, endpoint, 4096), TimeSpan.FromSeconds(30));
            Check.That(bound is Bound, $"bind {endpoint} failed: {bound}");
        }
    }

    private static async Task OpenFromStack(ActorSystem system, HashdanceStack client, IReadOnlyList<Ipv4Endpoint> endpoints, int count, int concurrency)
    {
        var tally = new ConnectTally(count, ConnectMode.KeepOpen);
        system.ActorOf(ConnectDriver.Props(client.Manager, endpoints, concurrency, tally));
        await Check.Within(tally.Done.ContinueWith(_ => true), Timeout(count), () => $"opening {count} connections (established {tally.Established})");
        Check.That(tally.Failed == 0, $"{tally.Failed} connects failed; first: {tally.FirstFailure}");
    }

    /// <summary>Waits until the stack's ehash holds exactly <paramref name="expected"/> sockets, all past their handshake.</summary>
    private static async Task Settle(HashdanceStack stack, int expected, string what, Func<int> progress)
    {
        var held = await StackProbe.WaitForEhash(stack, c => c == expected, Timeout(expected));
        Check.That(held == expected, $"{what}: the {stack.Settings.Name} ehash holds {held} sockets, expected {expected} (progress {progress()})");
        // Let the last Register and accept messages land before the heap is read.
        await Task.Delay(200);
        var quiet = (await StackProbe.Tables(stack)).Ehash.Count;
        Check.That(quiet == expected, $"{what}: the {stack.Settings.Name} ehash changed to {quiet} while settling");
    }

    private static void CheckNoDrops(HashdanceStack server)
    {
        var drops = HandshakeExperiment.Drops(server.Counters.Snapshot());
        Check.That(drops.Count == 0, $"the server dropped segments: {string.Join(", ", drops.Select(d => $"{d.Key} {d.Value}"))}");
    }
}
