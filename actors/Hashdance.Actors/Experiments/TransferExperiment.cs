using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// The transfer experiment: two stacks joined by the in-memory wire (through the fault injector, and a pcap writer
/// on the client's side when asked); each connection carries a seeded stream each way, and each end hashes what it
/// sent and received, so every stream is either intact (equal SHA-256 at both ends) or its connection reported an
/// error. A stream that arrives complete but different is counted as corrupt.
/// </summary>
public static class TransferExperiment
{
    /// <summary>
    /// Runs the experiment in <paramref name="system"/>, in real time, or under Akka.TestKit's TestScheduler with
    /// <paramref name="advanceTime"/> called whenever it waits.
    /// </summary>
    public static async Task<TransferExperimentResult> RunAsync(ActorSystem system, TransferExperimentOptions options,
        Action<TransferProgress>? progress = null, Func<Task>? advanceTime = null, CancellationToken cancellation = default)
    {
        if (options.Connections < 1) throw new ArgumentOutOfRangeException(nameof(options), "--connections must be at least 1");
        if (options.BytesPerDirection < 0) throw new ArgumentOutOfRangeException(nameof(options), "--bytes must not be negative");

        var clock = new SchedulerClock(system.Scheduler);
        var serverAddress = HandshakeExperiment.ServerAddress;
        var clientAddress = HandshakeExperiment.ClientAddress;
        var wire = InMemoryWire.Create(system.Scheduler, clock, new LinkInfo("server", HandshakeExperiment.ServerMac, 1500),
            new LinkInfo("client", HandshakeExperiment.ClientMac, 1500), TimeSpan.Zero);
        var serverLink = new FaultInjector(wire.A, options.Faults, FaultPlan.None, system.Scheduler, options.Seed * 2 + 1);
        var clientFaults = new FaultInjector(wire.B, options.Faults, FaultPlan.None, system.Scheduler, options.Seed * 2 + 2);
        ILink clientLink = options.PcapPath is null ? clientFaults : new PcapWriter(clientFaults, options.PcapPath, clock);
        try
        {
            var sysctls = TcpSysctls.Default;
            var server = HashdanceStack.Start(system, new StackSettings
            {
                Name = $"transfer-server-{options.Seed}", Address = serverAddress, Mac = HandshakeExperiment.ServerMac, Sysctls = sysctls,
                Seed = options.Seed * 7 + 1,
                StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [clientAddress] = HandshakeExperiment.ClientMac },
            }, serverLink, clock);
            var client = HashdanceStack.Start(system, new StackSettings
            {
                Name = $"transfer-client-{options.Seed}", Address = clientAddress, Mac = HandshakeExperiment.ClientMac, Sysctls = sysctls,
                Seed = options.Seed * 7 + 2,
                StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [serverAddress] = HandshakeExperiment.ServerMac },
            }, clientLink, clock);

            var done = new TaskCompletionSource<TransferCollector.Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            var collector = system.ActorOf(TransferCollector.Props(options, clock, done, progress));
            var endpoint = new Ipv4Endpoint(serverAddress, options.ServerPort);
            var acceptor = system.ActorOf(TransferAcceptor.Props(collector, options.BytesPerDirection, options.ChunkSize, options.Seed));
            var bound = server.Manager.Ask<TcpEvent>(new Bind(acceptor, endpoint, 1024), TimeSpan.FromSeconds(30), cancellation);
            await HandshakeExperiment.Wait(bound, advanceTime, cancellation);
            if (bound.Result is CommandFailed failed) throw new InvalidOperationException($"bind failed: {failed.Reason}");

            for (var i = 0; i < options.Connections; i++)
                system.ActorOf(TransferEndpoint.Client(client.Manager, endpoint, collector, options.BytesPerDirection, options.ChunkSize,
                    options.Seed * 1_000_003 + 2 * i));
            await HandshakeExperiment.Wait(done.Task, advanceTime, cancellation);
            var outcome = done.Task.Result;
            return Summarise(options, outcome, server.Counters.Snapshot(), client.Counters.Snapshot(), serverLink.Counters + clientFaults.Counters);
        }
        finally
        {
            if (clientLink is PcapWriter pcap) await pcap.DisposeAsync();
        }
    }

    private static TransferExperimentResult Summarise(TransferExperimentOptions options, TransferCollector.Outcome outcome,
        MibSnapshot serverCounters, MibSnapshot clientCounters, FaultCounters faults)
    {
        var servers = outcome.Reports.Where(r => !r.IsClient).ToDictionary(r => r.Remote);
        int intact = 0, failedCount = 0, corrupt = 0;
        var errors = new List<string>();
        long delivered = 0;
        var clients = outcome.Reports.Where(r => r.IsClient).ToDictionary(r => r.Local);
        // A server end that reported an error while its client end still waits is a failed connection too.
        foreach (var s in servers.Values.Where(s => s.Error is not null && !clients.ContainsKey(s.Remote)))
        {
            delivered += s.ReceivedBytes;
            failedCount++;
            errors.Add($"{s.Remote}: {s.Error} (server end; the client end was still waiting)");
        }
        foreach (var c in clients.Values)
        {
            servers.TryGetValue(c.Local, out var s);
            delivered += c.ReceivedBytes + (s?.ReceivedBytes ?? 0);
            if (c.Error is not null || s is null || s.Error is not null)
            {
                failedCount++;
                errors.Add($"{c.Local}: {c.Error ?? s?.Error ?? "the server end never reported"}");
                continue;
            }
            var toServer = s.ReceivedBytes == options.BytesPerDirection && s.ReceivedHash.AsSpan().SequenceEqual(c.SentHash);
            var toClient = c.ReceivedBytes == options.BytesPerDirection && c.ReceivedHash.AsSpan().SequenceEqual(s.SentHash);
            if (toServer && toClient) intact++;
            else
            {
                corrupt++;
                errors.Add($"{c.Local}: stream differs (client received {c.ReceivedBytes}, server received {s.ReceivedBytes} bytes)");
            }
        }
        var missing = options.Connections - intact - failedCount - corrupt;
        if (missing > 0) errors.Add($"{missing} connection(s) did not finish within {options.TimeLimit}");
        return new TransferExperimentResult
        {
            Connections = options.Connections,
            BytesPerDirection = options.BytesPerDirection,
            IntactConnections = intact,
            FailedConnections = failedCount + missing,
            CorruptConnections = corrupt,
            DurationSeconds = outcome.DurationSeconds,
            ThroughputMbps = outcome.DurationSeconds > 0 ? delivered * 8 / outcome.DurationSeconds / 1e6 : 0,
            Retransmits = serverCounters[MibCounter.TcpRetransSegs] + clientCounters[MibCounter.TcpRetransSegs],
            TimedOut = outcome.TimedOut,
            Rtt = TransferRtt.From(outcome.Reports.Where(r => r.SrttMicros is not null).Select(r => r.SrttMicros!.Value)),
            ServerCounters = serverCounters,
            ClientCounters = clientCounters,
            Faults = faults,
            Errors = errors,
        };
    }
}
