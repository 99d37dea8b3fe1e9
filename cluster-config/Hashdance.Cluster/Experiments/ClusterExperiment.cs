using Akka.Actor;
using Akka.Configuration;
using Hashdance.Actors.Api;
using Hashdance.Actors.Experiments;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cluster.Experiments;

/// <summary>
/// The cluster experiment: N ActorSystems in this process form an Akka cluster over loopback. Node 0 is the
/// <c>nic</c> node: its link is one end of an in-memory wire whose other end carries a client stack in the same
/// ActorSystem. Every <c>sockets</c> node binds the same address with SO_REUSEPORT, so the listeners form one group
/// across nodes; clients connect, send a greeting and get it echoed with the serving node's index. Optionally one
/// node is killed mid-run.
/// </summary>
public static class ClusterExperiment
{
    public static readonly Ipv4Address ServerAddress = HandshakeExperiment.ServerAddress;
    public static readonly MacAddress ServerMac = HandshakeExperiment.ServerMac;
    public static readonly Ipv4Address ClientAddress = HandshakeExperiment.ClientAddress;
    public static readonly MacAddress ClientMac = HandshakeExperiment.ClientMac;

    /// <summary>The stack settings every node of the experiment's server stack shares.</summary>
    public static StackSettings ServerSettings(ClusterExperimentOptions options) => new()
    {
        Name = "server", Address = ServerAddress, Mac = ServerMac, Seed = options.Seed * 7 + 1,
        Sysctls = TcpSysctls.Default with { TcpSyncookies = options.Syncookies, TcpMigrateReq = options.MigrateReq },
        StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ClientAddress] = ClientMac },
    };

    /// <summary>The Hashdance roles of node <paramref name="index"/>.</summary>
    public static IReadOnlyList<string> RolesOf(int index, ClusterExperimentOptions options) =>
        index == 0
            ? options.NicHostsSockets ? [HashdanceRoles.Nic, HashdanceRoles.Sockets] : [HashdanceRoles.Nic]
            : [HashdanceRoles.Sockets];

    /// <param name="overrides">Extra HOCON for every node (tests add serialize-messages and a counting serializer).</param>
    /// <param name="log">Receives a line for each step (cluster up, binds, kill), for progress output and test logs.</param>
    public static async Task<ClusterExperimentResult> RunAsync(ClusterExperimentOptions options, Config? overrides = null,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        Validate(options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Log(string line) => log?.Invoke($"[{watch.Elapsed.TotalSeconds:F2}s] {line}");
        var roles = Enumerable.Range(0, options.Nodes).Select(i => RolesOf(i, options)).ToList();
        await using var cluster = await InProcessCluster.StartAsync(roles, overrides, options.RunTimeout, cancellation);
        Log($"cluster of {options.Nodes} nodes up");
        var nicSystem = cluster.Systems[0];
        var wire = OpenWire(nicSystem, options);
        var nodes = new HashdanceNode[options.Nodes];
        var socketStacks = new Dictionary<int, HashdanceStack>();
        for (var i = 0; i < options.Nodes; i++)
        {
            nodes[i] = HashdanceExtension.Get(cluster.Systems[i]).Start(new HashdanceOptions
            {
                Stack = ServerSettings(options), Roles = roles[i], Link = i == 0 ? _ => wire.A : null,
            });
            if (nodes[i].SocketsStack is null) continue;
            socketStacks[i] = await BindEchoAsync(cluster.Systems[i], nodes[i], i, options, cancellation);
        }
        Log("every sockets node bound");
        var addresses = cluster.Systems.Select((s, i) => (i, Akka.Cluster.Cluster.Get(s).SelfAddress)).ToDictionary(p => p.i, p => p.SelfAddress);
        return await DriveAsync(options, nicSystem, wire, nodes[0].NicStack!, socketStacks, addresses,
            victim => cluster.KillAsync(victim, options.RunTimeout, cancellation), Log, cancellation);
    }

    /// <summary>The in-memory wire of the nic node: end A is the nic node's link, end B the client stack's.</summary>
    public static InMemoryWire OpenWire(ActorSystem nicSystem, ClusterExperimentOptions options) =>
        InMemoryWire.Create(nicSystem.Scheduler, new SchedulerClock(nicSystem.Scheduler), new LinkInfo("server", ServerMac, 1500),
            new LinkInfo("client", ClientMac, 1500), options.WireDelay);

    /// <summary>
    /// Waits for the node's socket stack, then binds the experiment's port with SO_REUSEPORT for an
    /// <see cref="EchoAcceptor"/> that names node <paramref name="index"/>. Returns the socket stack.
    /// </summary>
    public static async Task<HashdanceStack> BindEchoAsync(ActorSystem system, HashdanceNode node, int index, ClusterExperimentOptions options,
        CancellationToken cancellation = default)
    {
        var stack = await node.SocketsStack!.WaitAsync(options.RunTimeout, cancellation);
        var handler = system.ActorOf(EchoAcceptor.Props((byte)index), "echo");
        var bind = new Bind(handler, new Ipv4Endpoint(ServerAddress, options.Port), 4096, new SocketOptions { ReusePort = true });
        var reply = await node.Manager.Ask<TcpEvent>(bind, options.RunTimeout, cancellation);
        if (reply is CommandFailed failed) throw new InvalidOperationException($"node {index}: bind failed: {failed.Reason}");
        return stack;
    }

    /// <summary>
    /// Waits until the nic node's reuseport group for the experiment's port has <paramref name="members"/> members
    /// (listeners on sockets nodes in other processes register at their own pace): asks the ingress every 100 ms of
    /// the scheduler's time.
    /// </summary>
    public static async Task AwaitGroupAsync(ActorSystem nicSystem, HashdanceStack nicStack, ClusterExperimentOptions options, int members,
        CancellationToken cancellation = default)
    {
        var endpoint = new Ipv4Endpoint(ServerAddress, options.Port);
        var deadline = DateTime.UtcNow + options.RunTimeout;
        while (true)
        {
            // The ingress exists once the stack's root actor has started.
            var joined = 0;
            if (!nicStack.Ingress.IsNobody())
            {
                var tables = await nicStack.Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, options.RunTimeout, cancellation);
                joined = tables.ReuseportGroupSizes?.GetValueOrDefault(endpoint) ?? 0;
            }
            if (joined >= members) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"only {joined} of {members} listeners joined");
            var tick = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            nicSystem.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(100), () => tick.TrySetResult());
            await tick.Task.WaitAsync(cancellation);
        }
    }

    /// <summary>
    /// Runs the clients on the nic node once every sockets node is bound, kills a node when asked, and summarises.
    /// <paramref name="localSocketStacks"/> are the socket stacks whose counters this process can read (by node index);
    /// <paramref name="kill"/> kills a node by index.
    /// </summary>
    public static async Task<ClusterExperimentResult> DriveAsync(ClusterExperimentOptions options, ActorSystem nicSystem, InMemoryWire wire,
        HashdanceStack nicStack, IReadOnlyDictionary<int, HashdanceStack> localSocketStacks, IReadOnlyDictionary<int, Akka.Actor.Address> addresses,
        Func<int, Task> kill, Action<string> log, CancellationToken cancellation = default)
    {
        var clock = new SchedulerClock(nicSystem.Scheduler);
        var client = HashdanceStack.Start(nicSystem, new StackSettings
        {
            Name = "client", Address = ClientAddress, Mac = ClientMac, Seed = options.Seed * 7 + 2,
            Sysctls = TcpSysctls.Default with { TcpSyncookies = options.Syncookies },
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ServerAddress] = ServerMac },
        }, wire.B, clock);
        var endpoint = new Ipv4Endpoint(ServerAddress, options.Port);
        var done = new TaskCompletionSource<ClusterClientDriver.Report>(TaskCreationOptions.RunContinuationsAsynchronously);
        var killTrigger = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<int>? onServed = options.KillAfterConnections is int after ? served => { if (served >= after) killTrigger.TrySetResult(); } : null;
        if (options.KillAtSeconds is double at)
            nicSystem.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(at), () => killTrigger.TrySetResult());
        nicSystem.ActorOf(ClusterClientDriver.Props(client.Manager, endpoint, options, clock, done, onServed), "cluster-clients");

        var killed = false;
        if (options.KillNode is int victim)
        {
            var first = await Task.WhenAny(killTrigger.Task, done.Task).WaitAsync(options.RunTimeout, cancellation);
            if (first == killTrigger.Task)
            {
                log($"killing node {victim}");
                await kill(victim);
                log($"node {victim} killed");
                killed = true;
            }
        }
        var report = await done.Task.WaitAsync(options.RunTimeout, cancellation);
        log("clients done");
        var leftovers = 0;
        if (killed)
        {
            var victimAddress = addresses[options.KillNode!.Value];
            var tables = await nicStack.Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, options.RunTimeout, cancellation);
            leftovers = tables.Ehash.Values.Count(s => s.Path.Address.Equals(victimAddress))
                        + tables.Listeners.Values.Count(l => l.Path.Address.Equals(victimAddress));
        }
        var roles = Enumerable.Range(0, options.Nodes).Select(i => RolesOf(i, options)).ToList();
        var result = Summarise(options, report, nicStack.Counters.Snapshot(),
            localSocketStacks.ToDictionary(p => p.Key, p => p.Value.Counters.Snapshot()), killed, roles);
        return result with { LeftoverEntriesOfKilledNode = leftovers };
    }

    public static void Validate(ClusterExperimentOptions options)
    {
        if (options.Nodes < (options.NicHostsSockets ? 1 : 2))
            throw new ArgumentOutOfRangeException(nameof(options), "--nodes must be at least 2 (one nic node and a sockets node), or 1 with --nic-hosts-sockets");
        if (options.Connections < 1) throw new ArgumentOutOfRangeException(nameof(options), "--connections must be at least 1");
        if (options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "--concurrency must be at least 1");
        if (options.MigrateReq is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(options), "--migrate-req must be 0 or 1");
        if (options.KillNode is int k && (k < 1 || k >= options.Nodes))
            throw new ArgumentOutOfRangeException(nameof(options), $"--kill-node must name a sockets node (1 … {options.Nodes - 1})");
        if (options.KillNode is not null && options.KillAtSeconds is null && options.KillAfterConnections is null)
            throw new ArgumentException("--kill-node needs --at SECONDS");
    }

    private static ClusterExperimentResult Summarise(ClusterExperimentOptions options, ClusterClientDriver.Report report, MibSnapshot nic,
        IReadOnlyDictionary<int, MibSnapshot> sockets, bool killed, IReadOnlyList<IReadOnlyList<string>> roles)
    {
        var nodes = new List<ClusterNodeReport>();
        for (var i = 0; i < options.Nodes; i++)
        {
            var latencies = report.LatenciesByNode.GetValueOrDefault(i) ?? [];
            // Node 0's stack is shared by both roles when it hosts sockets, so its RSTs are counted once; a sockets node in
            // another process has counters this process cannot read.
            long? rsts = i == 0 ? nic[MibCounter.TcpOutRsts] : sockets.TryGetValue(i, out var s) ? s[MibCounter.TcpOutRsts] : null;
            nodes.Add(new ClusterNodeReport(i, roles[i], latencies.Count, report.DurationSeconds > 0 ? latencies.Count / report.DurationSeconds : 0,
                LatencyStats.From(latencies), rsts, killed && options.KillNode == i));
        }
        var all = report.LatenciesByNode.Values.SelectMany(l => l).ToList();
        return new ClusterExperimentResult
        {
            Nodes = nodes,
            ConnectionsRequested = options.Connections,
            Handshakes = all.Count,
            DurationSeconds = report.DurationSeconds,
            Latency = LatencyStats.From(all),
            MigratedRequests = nic[MibCounter.TcpExtTCPMigrateReqSuccess],
            MigrationFailures = nic[MibCounter.TcpExtTCPMigrateReqFailure],
            RstsSent = nodes.Sum(n => n.RstsSent ?? 0),
            ResetsSeenByClients = report.Failures.Where(f => f.Key is nameof(SocketError.ConnectionReset) or nameof(SocketError.ConnectionRefused)).Sum(f => f.Value),
            ConnectionsLost = report.Lost,
            ConnectionsRecovered = report.Recovered,
            GaveUp = report.GaveUp,
            Failures = report.Failures,
            KilledNode = killed ? options.KillNode : null,
        };
    }
}
