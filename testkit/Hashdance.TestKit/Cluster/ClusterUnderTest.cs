using Akka.Actor;
using Akka.Configuration;
using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Stack;
using Hashdance.Cluster;
using Hashdance.Cluster.Experiments;
using Hashdance.NicIo;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Cluster;

/// <summary>
/// A Hashdance cluster for fault-injection tests, in one test process: node 0 has the <c>nic</c> role and an in-memory
/// wire whose far end is a hand-driven <see cref="Peer"/>; nodes 1..n have the <c>sockets</c> role. The nodes are real
/// ActorSystems in a real Akka cluster over loopback remoting, so this runs in real time: every wait is bounded by
/// <see cref="Timeout"/>. The node-fault plan is <see cref="KillNodeAsync"/>: the node's remoting goes first (nothing it
/// does while stopping reaches anyone, as with a dead process), then its ActorSystem, and the nic node downs it.
/// </summary>
public sealed class ClusterUnderTest : IAsyncDisposable
{
    private ClusterUnderTest(InProcessCluster cluster, HashdanceNode nic, IReadOnlyList<HashdanceNode?> nodes, StackSettings settings, RawPeer peer,
        TimeSpan timeout)
    {
        Cluster = cluster;
        Nic = nic;
        Nodes = nodes;
        Settings = settings;
        Peer = peer;
        Timeout = timeout;
    }

    public InProcessCluster Cluster { get; }

    /// <summary>Node 0: the link, the ingress (ehash, listener table, reuseport groups) and the egress relay.</summary>
    public HashdanceNode Nic { get; }

    /// <summary>Every node by index: [0] is <see cref="Nic"/>, the others are <c>sockets</c> nodes (null once killed).</summary>
    public IReadOnlyList<HashdanceNode?> Nodes { get; }

    public StackSettings Settings { get; }

    /// <summary>The client on the nic node's wire (192.0.2.1), talking to the stack's address (192.168.0.1).</summary>
    public RawPeer Peer { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The ingress of the nic node.</summary>
    public IActorRef Ingress => Nic.NicStack!.Ingress;

    /// <summary>Starts a nic node and <paramref name="socketsNodes"/> sockets nodes and returns once all are Up and started.</summary>
    public static async Task<ClusterUnderTest> StartAsync(int socketsNodes = 2, int migrateReq = 0, Config? overrides = null, TimeSpan? timeout = null)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(30);
        var options = new ClusterExperimentOptions { MigrateReq = migrateReq };
        var roles = Enumerable.Range(0, socketsNodes + 1).Select(i => ClusterExperiment.RolesOf(i, options)).ToList();
        var cluster = await InProcessCluster.StartAsync(roles, overrides, wait);
        try
        {
            var nicSystem = cluster.Systems[0];
            var wire = InMemoryWire.Create(nicSystem.Scheduler, new SchedulerClock(nicSystem.Scheduler),
                new LinkInfo("server", ClusterExperiment.ServerMac, 1500), new LinkInfo("peer", ClusterExperiment.ClientMac, 1500), TimeSpan.Zero);
            var settings = ClusterExperiment.ServerSettings(options);
            var nic = HashdanceExtension.Get(nicSystem).Start(new HashdanceOptions { Stack = settings, Roles = [HashdanceRoles.Nic], Link = _ => wire.A });
            var nodes = new List<HashdanceNode?> { nic };
            for (var i = 1; i <= socketsNodes; i++)
            {
                var node = HashdanceExtension.Get(cluster.Systems[i]).Start(new HashdanceOptions { Stack = settings, Roles = [HashdanceRoles.Sockets] });
                await node.SocketsStack!.WaitAsync(wait);
                nodes.Add(node);
            }
            var peer = new RawPeer(wire.B, ClusterExperiment.ClientAddress, ClusterExperiment.ClientMac, ClusterExperiment.ServerAddress,
                ClusterExperiment.ServerMac);
            return new ClusterUnderTest(cluster, nic, nodes, settings, peer, wait);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Binds an echo service (<see cref="EchoAcceptor"/>: it answers each payload with the payload and the node's
    /// index) on <paramref name="port"/> of node <paramref name="index"/>, as one SO_REUSEPORT member.
    /// </summary>
    public async Task BindEchoAsync(int index, ushort port)
    {
        var node = Nodes[index] ?? throw new InvalidOperationException($"node {index} was killed");
        var handler = Cluster.Systems[index].ActorOf(EchoAcceptor.Props((byte)index));
        var reply = await node.Manager.Ask<TcpEvent>(new Bind(handler, new Ipv4Endpoint(Settings.Address, port), 128,
            new SocketOptions { ReusePort = true }), Timeout);
        if (reply is not Bound) throw new InvalidOperationException($"node {index}: bind failed: {reply}");
    }

    /// <summary>Which node (index) owns each ehash entry on <paramref name="port"/>, by peer port.</summary>
    public async Task<Dictionary<ushort, int>> OwnersAsync(ushort port)
    {
        var tables = await Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, Timeout);
        var addresses = Cluster.Systems.Select(s => ((ExtendedActorSystem)s).Provider.DefaultAddress).ToList();
        return tables.Ehash.Where(e => e.Key.LocalPort == port).ToDictionary(e => e.Key.RemotePort, e => addresses.IndexOf(e.Value.Path.Address));
    }

    /// <summary>Asks the ingress for its tables (each ask a round trip through its mailbox) until <paramref name="condition"/> holds.</summary>
    public async Task UntilOwnersAsync(ushort port, Func<Dictionary<ushort, int>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition(await OwnersAsync(port)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the ingress's entries on port {port} did not reach the expected state in {Timeout}");
        }
    }

    /// <summary>
    /// The node-fault plan: kills node <paramref name="index"/> as a crash looks to the others (see the class remarks)
    /// and returns once the cluster removed it and the nic node's ingress holds nothing it owned.
    /// </summary>
    public async Task KillNodeAsync(int index, ushort port)
    {
        if (index == 0) throw new ArgumentException("node 0 is the nic node; kill a sockets node", nameof(index));
        await Cluster.KillAsync(index, Timeout);
        ((List<HashdanceNode?>)Nodes)[index] = null;
        await UntilOwnersAsync(port, owners => !owners.ContainsValue(index));
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
