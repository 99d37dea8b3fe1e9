using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Experiments;
using Hashdance.Actors.Stack;
using Hashdance.Bench.Stack.Drivers;
using Hashdance.Bench.Stack.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;
using static Hashdance.Bench.Stack.Harness.Table;

namespace Hashdance.Bench.Stack.Flood;

/// <summary>
/// Benchmark 3, a syncookie flood: spoofed SYNs at a listener with tcp_syncookies = 1 while a client stack opens
/// legitimate connections. Reports SYNs/s handled, the share of legitimate connections that succeeded and their
/// latency, the cookie counters, and the server's heap and queues sampled during the flood. Same-run baselines: the
/// legitimate connect latency before the flood, and the rate at which the injector alone puts SYNs on a wire with no
/// stack behind it (the harness's ceiling).
/// </summary>
public static class SynFloodBenchmark
{
    public static async Task RunAsync(BenchArgs args)
    {
        var syns = args.Int("syns", 1_000_000);
        var legit = args.Int("legit", 1000);
        var window = args.Int("window", 2048);
        var backlog = args.Int("backlog", 128);
        var samples = args.Int("samples", 10);
        var idleConnects = args.Int("idle-connects", 200);
        args.ThrowOnUnknown();
        Console.WriteLine($"== synflood: {syns} spoofed SYNs (window {window}) at one listener (backlog {backlog}, tcp_syncookies = 1), {legit} legitimate connects spread over the flood ==");

        using var system = BenchNetwork.CreateSystem("synflood");
        var ceiling = HarnessCeiling(system, syns);
        var wire = BenchNetwork.CreateWire(system);
        var server = BenchNetwork.StartServer(system, wire.A, TcpSysctls.Default with { TcpSyncookies = 1 });
        var tap = new FloodTap(wire.B, syns);
        var client = BenchNetwork.StartClient(system, tap, TcpSysctls.Default);
        var endpoint = new Ipv4Endpoint(BenchNetwork.ServerAddress, 8080);
        var accepted = new ConnectTally(idleConnects + legit, ConnectMode.KeepOpen);
        var handler = system.ActorOf(AcceptingHandler.Props(() => accepted));
        var bound = await server.Manager.Ask<TcpEvent>(new Bind(handler, endpoint, backlog), TimeSpan.FromSeconds(30));
        Check.That(bound is Bound, $"bind failed: {bound}");
        var clock = new SchedulerClock(system.Scheduler);

        // Baseline: legitimate connects one at a time on a quiet server.
        var idle = new ConnectTally(idleConnects, ConnectMode.KeepOpen);
        var idleLatency = new LatencyLog();
        var idleDriver = system.ActorOf(LegitDriver.Props(client.Manager, endpoint, clock, idle, idleLatency));
        for (var i = 0; i < idleConnects; i++)
        {
            idleDriver.Tell(LegitDriver.StartOne.Instance);
            await Check.Within(Poll.Until(() => idle.Established + idle.Failed > i), TimeSpan.FromSeconds(30), () => "a legitimate connect on a quiet server");
        }
        Check.That(idle.Failed == 0, $"{idle.Failed} legitimate connects failed on a quiet server: {idle.FirstFailure}");

        var flood = new ConnectTally(legit, ConnectMode.KeepOpen);
        var floodLatency = new LatencyLog();
        var legitDriver = system.ActorOf(LegitDriver.Props(client.Manager, endpoint, clock, flood, floodLatency));
        var before = server.Counters.Snapshot();
        var run = await Task.Run(() => SynInjector.Flood(tap, endpoint, syns, window, legit, legitDriver, samples, sent => Sample(server, endpoint, tap, sent), seed: 42));
        await Check.Within(flood.Done.ContinueWith(_ => true), TimeSpan.FromSeconds(60), () => $"legitimate connects after the flood ({flood.Established} established, {flood.Failed} failed of {legit})");
        await Check.Within(Poll.Until(() => accepted.ServerAccepted >= idleConnects + flood.Established), TimeSpan.FromSeconds(30), () => $"accepting the legitimate connections ({accepted.ServerAccepted})");
        var after = server.Counters.Snapshot();
        Report(run, ceiling, syns, legit, flood, idleLatency.Stats(), floodLatency.Stats(), before, after, tap, backlog);
        await system.Terminate();
    }

    /// <summary>The same injector, open loop, into a wire whose far end drops every frame: how fast SYNs can be made at all.</summary>
    private static double HarnessCeiling(ActorSystem system, int syns)
    {
        var wire = BenchNetwork.CreateWire(system);
        wire.A.Start(new FrameSink(f => f.Dispose()));
        var tap = new FloodTap(wire.B, syns);
        var run = SynInjector.Flood(tap, new Ipv4Endpoint(BenchNetwork.ServerAddress, 8080), syns, window: 0, legit: 0, ActorRefs.Nobody, samples: 0, _ => null!, seed: 7);
        return run.Syns / run.Seconds;
    }

    private static FloodSample Sample(HashdanceStack server, Ipv4Endpoint endpoint, FloodTap tap, long sent)
    {
        var heap = HeapMeter.LiveBytes();
        var queue = StackProbe.QueueState(server, endpoint).GetAwaiter().GetResult();
        var ehash = StackProbe.Tables(server).GetAwaiter().GetResult().Ehash.Count;
        return new FloodSample(sent, tap.Answered, heap, queue.RequestQueueLength, queue.AcceptQueueLength, ehash, server.Counters[MibCounter.TcpExtSyncookiesSent]);
    }

    private static void Report(SynInjector.Run run, double ceiling, int syns, int legit, ConnectTally flood, LatencyStats idle, LatencyStats underFlood,
        MibSnapshot before, MibSnapshot after, FloodTap tap, int backlog)
    {
        long Delta(MibCounter c) => after[c] - before[c];
        var rate = run.Syns / run.Seconds;
        Console.WriteLine($"  SYNs handled      {N(run.Syns)} in {N(run.Seconds, "F2")} s = {N(rate)} SYNs/s; the injector alone (no stack): {N(ceiling)} SYNs/s (RATIO {N(rate / ceiling, "F3")}× of the harness ceiling)");
        Console.WriteLine($"  answers           {N(tap.Answered)} SYNs answered, {N(tap.SynAcks)} SYN-ACKs to flood sources (retransmissions of the first request socks included), {N(tap.Resets)} RSTs");
        Console.WriteLine($"  cookies           TcpExtSyncookiesSent {N(Delta(MibCounter.TcpExtSyncookiesSent))}, SyncookiesRecv {N(Delta(MibCounter.TcpExtSyncookiesRecv))}, SyncookiesFailed {N(Delta(MibCounter.TcpExtSyncookiesFailed))}; ListenDrops {N(Delta(MibCounter.TcpExtListenDrops))}, ListenOverflows {N(Delta(MibCounter.TcpExtListenOverflows))}, ReqQFullDrop {N(Delta(MibCounter.TcpExtTCPReqQFullDrop))}");
        var success = (double)flood.Established / legit;
        Console.WriteLine($"  legitimate        {flood.Established} of {legit} succeeded = {N(100 * success, "F1")} % (target ≥ 99 %); latency p50 {N(underFlood.P50, "F2")} ms, p99 {N(underFlood.P99, "F2")} ms, max {N(underFlood.Max, "F2")} ms under the flood vs p50 {N(idle.P50, "F2")} ms, p99 {N(idle.P99, "F2")} ms on the quiet server (RATIO p50 {N(underFlood.P50 / idle.P50, "F1")}×)");
        Console.WriteLine("  server during the flood (heap after full GCs; listener queues; ehash entries):");
        Table.Print(
        [
            ["SYNs sent", "answered", "heap MB", "qlen", "accept queue", "ehash", "SyncookiesSent"],
            .. run.Samples.Select(s => new[] { N(s.SynsSent), N(s.Answered), N(s.HeapBytes / 1048576.0, "F1"), N(s.RequestQueueLength), N(s.AcceptQueueLength), N(s.EhashEntries), N(s.SyncookiesSent) }),
        ]);
        // From the second sample on, the request queue is full and every SYN gets a cookie; the legitimate
        // connections, kept open, are the only sockets added, so the growth is charged to them.
        var steady = run.Samples.Skip(1).ToList();
        var growth = steady.Count > 1 ? steady.Max(s => s.HeapBytes) - steady[0].HeapBytes : 0;
        var added = steady.Count > 1 ? steady[^1].EhashEntries - steady[0].EhashEntries : 0;
        Console.WriteLine($"  heap growth from the second sample on: {N(growth / 1048576.0, "F2")} MB while {N(steady.Count > 1 ? steady[^1].SynsSent - steady[0].SynsSent : 0)} SYNs arrived and {added} legitimate connections were opened and kept "
            + $"({N(added > 0 ? growth / (double)added : 0)} B per kept connection, both sides; {N(growth / (double)Math.Max(run.Syns, 1), "F2")} B per SYN if charged to the flood)");

        Check.That(tap.Answered == syns, $"{syns - tap.Answered} SYNs unanswered");
        Check.That(Delta(MibCounter.TcpExtSyncookiesSent) >= syns - backlog - legit, $"only {Delta(MibCounter.TcpExtSyncookiesSent)} cookies sent for {syns} SYNs");
        // inet_csk_reqsk_queue_is_full is qlen > sk_max_ack_backlog: the queue holds backlog + 1 requests before cookies start.
        Check.That(run.Samples.All(s => s.RequestQueueLength <= backlog + 1), $"the request queue grew past the backlog ({run.Samples.Max(s => s.RequestQueueLength)} > {backlog} + 1): request socks were created with cookies on");
        Check.That(success >= 0.99, $"only {N(100 * success, "F1")} % of legitimate connections succeeded (first failure: {flood.FirstFailure})");
        // An idle connection costs well under 16 KB for both sides (benchmark 2); more than that per kept legitimate
        // connection, plus 4 MB of slack, means the flood itself leaves something behind.
        Check.That(growth < (4L << 20) + 16_384L * added, $"the heap grew by {growth >> 20} MB during the flood, more than the {added} kept connections explain");
    }
}
