using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// The handshake experiment: a client stack and a server stack in one ActorSystem, joined by the in-memory wire
/// (through the fault injector, and a pcap writer on the client's side when asked), opening connections and
/// checking that every handshake the client completed was accepted by the server.
/// </summary>
public static class HandshakeExperiment
{
    public static readonly Ipv4Address ServerAddress = Ipv4Address.Parse("192.168.0.1");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly Ipv4Address ClientAddress = Ipv4Address.Parse("192.0.2.1");
    public static readonly MacAddress ClientMac = MacAddress.Parse("02:00:00:00:00:02");

    /// <summary>
    /// Runs the experiment in <paramref name="system"/>. With a real scheduler it runs in real time. Under Akka.TestKit's
    /// TestScheduler pass <paramref name="advanceTime"/>, which is called whenever the experiment waits, to move virtual time on.
    /// </summary>
    public static async Task<HandshakeExperimentResult> RunAsync(ActorSystem system, HandshakeExperimentOptions options,
        Action<ExperimentProgress>? progress = null, Func<Task>? advanceTime = null, CancellationToken cancellation = default)
    {
        if (options.Connections < 1) throw new ArgumentOutOfRangeException(nameof(options), "--connections must be at least 1");
        if (options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "--concurrency must be at least 1");
        if (options.Syncookies is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(options), "--syncookies must be 0, 1 or 2");

        var clock = new SchedulerClock(system.Scheduler);
        var wire = InMemoryWire.Create(system.Scheduler, clock, new LinkInfo("server", ServerMac, 1500), new LinkInfo("client", ClientMac, 1500), TimeSpan.Zero);
        var serverLink = new FaultInjector(wire.A, options.Faults, FaultPlan.None, system.Scheduler, options.Seed * 2 + 1);
        var clientFaults = new FaultInjector(wire.B, options.Faults, FaultPlan.None, system.Scheduler, options.Seed * 2 + 2);
        ILink clientLink = options.PcapPath is null ? clientFaults : new PcapWriter(clientFaults, options.PcapPath, clock);
        try
        {
            var sysctls = TcpSysctls.Default with { TcpSyncookies = options.Syncookies };
            var server = HashdanceStack.Start(system, new StackSettings
            {
                Name = $"server-{options.Seed}", Address = ServerAddress, Mac = ServerMac, Sysctls = sysctls, Seed = options.Seed * 7 + 1,
                StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ClientAddress] = ClientMac },
            }, serverLink, clock);
            var client = HashdanceStack.Start(system, new StackSettings
            {
                Name = $"client-{options.Seed}", Address = ClientAddress, Mac = ClientMac, Sysctls = sysctls, Seed = options.Seed * 7 + 2,
                StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ServerAddress] = ServerMac },
            }, clientLink, clock);

            var endpoint = new Ipv4Endpoint(ServerAddress, options.ServerPort);
            var recorder = system.ActorOf(AcceptRecorder.Props());
            var bound = server.Manager.Ask<TcpEvent>(new Bind(recorder, endpoint, options.Backlog), TimeSpan.FromSeconds(30), cancellation);
            await Wait(bound, advanceTime, cancellation);
            if (bound.Result is CommandFailed failed) throw new InvalidOperationException($"bind failed: {failed.Reason}");

            var done = new TaskCompletionSource<HandshakeClientDriver.Report>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(HandshakeClientDriver.Props(client.Manager, recorder, endpoint, options, clock, done, progress));
            await Wait(done.Task, advanceTime, cancellation);
            var report = done.Task.Result;

            var notAccepted = await ExplainNotAccepted(server, report, advanceTime, cancellation);
            return new HandshakeExperimentResult
            {
                ConnectionsRequested = options.Connections,
                Established = report.Established.Count,
                Accepted = report.Established.Count(report.Accepted.Contains),
                Failed = options.Connections - report.Established.Count,
                DurationSeconds = report.DurationSeconds,
                Latency = LatencyStats.From(report.LatenciesMicros),
                ServerCounters = server.Counters.Snapshot(),
                ClientCounters = client.Counters.Snapshot(),
                Faults = serverLink.Counters + clientFaults.Counters,
                FailureReasons = report.Failures,
                NotAccepted = notAccepted,
            };
        }
        finally
        {
            if (clientLink is PcapWriter pcap) await pcap.DisposeAsync();
        }
    }

    /// <summary>For each connection the client established but the server did not accept, says what the server holds for it.</summary>
    private static async Task<IReadOnlyList<string>> ExplainNotAccepted(HashdanceStack server, HandshakeClientDriver.Report report,
        Func<Task>? advanceTime, CancellationToken cancellation)
    {
        var missing = report.Established.Where(e => !report.Accepted.Contains(e)).ToList();
        if (missing.Count == 0) return [];
        var tables = server.Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, TimeSpan.FromSeconds(30), cancellation);
        await Wait(tables, advanceTime, cancellation);
        var ehash = tables.Result.Ehash;
        return missing.Select(local =>
        {
            var held = ehash.Keys.FirstOrDefault(t => t.RemoteAddress == local.Address && t.RemotePort == local.Port);
            return held == default
                ? $"{local}: the server has no socket for it (its final ACK was lost and no request sock remains to retransmit the SYN-ACK, e.g. a syncookie handshake)"
                : $"{local}: the server still holds it in its ehash, not yet accepted (a request sock in SYN_RECV whose final ACK was lost and whose SYN-ACK retransmissions had not completed it when the settle time ran out)";
        }).ToList();
    }

    /// <summary>Waits for <paramref name="task"/>, moving virtual time on with <paramref name="advanceTime"/> when given.</summary>
    internal static async Task Wait(Task task, Func<Task>? advanceTime, CancellationToken cancellation)
    {
        if (advanceTime is null)
        {
            await task.WaitAsync(cancellation);
            return;
        }
        while (!task.IsCompleted)
        {
            cancellation.ThrowIfCancellationRequested();
            await advanceTime();
        }
        await task;
    }

    /// <summary>Drops, by reason: every MIB counter that counts a discarded segment or frame, non-zero ones only.</summary>
    public static IReadOnlyDictionary<string, long> Drops(MibSnapshot counters)
    {
        MibCounter[] dropCounters =
        [
            MibCounter.TcpExtListenDrops, MibCounter.TcpExtListenOverflows, MibCounter.TcpExtTCPReqQFullDrop, MibCounter.TcpExtSyncookiesFailed,
            MibCounter.TcpExtTCPDeferAcceptDrop, MibCounter.TcpExtTCPACKSkippedSynRecv, MibCounter.TcpExtPAWSEstab, MibCounter.TcpExtTCPOFODrop,
            MibCounter.TcpInErrs, MibCounter.TcpInCsumErrors, MibCounter.IpInHdrErrors, MibCounter.IpInAddrErrors, MibCounter.HdLinkTooShort,
            MibCounter.HdLinkNotForUs, MibCounter.HdIpBadChecksum, MibCounter.HdTcpMalformed, MibCounter.IpOutNoRoutes,
        ];
        var drops = new Dictionary<string, long>();
        foreach (var c in dropCounters)
        {
            if (counters[c] != 0) drops[MibCounterNames.NstatName(c)] = counters[c];
        }
        return drops;
    }
}
