using Hashdance.TestKit.Cluster;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Sockets;
using Hashdance.Actors.Stack;
using Hashdance.Cluster.Experiments;

using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cluster.Tests;

/// <summary>
/// SO_REUSEPORT on one node: two listeners share a port, SYNs spread over them by flow hash, and close() on one of
/// them with pending requests migrates them to the other (tcp_migrate_req = 1) or leaves their final ACK to meet a RST
/// (tcp_migrate_req = 0), as inet_csk_listen_stop does.
/// </summary>
public sealed class ReuseportListenerTests() : Akka.TestKit.Xunit2.TestKit(HashdanceConfig.Full.WithFallback("akka.actor.serialize-messages = on"))
{
    private const int Flows = 24;
    private const ushort FirstPort = 42000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly Ipv4Endpoint Endpoint = new(ClusterExperiment.ServerAddress, 8080);
    private static readonly byte[] Greeting = "yo"u8.ToArray();

    private (HashdanceStack Stack, RawPeer Peer) Start(int migrateReq)
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, new SchedulerClock(Sys.Scheduler), new LinkInfo("server", ClusterExperiment.ServerMac, 1500),
            new LinkInfo("peer", ClusterExperiment.ClientMac, 1500), TimeSpan.Zero);
        var stack = HashdanceStack.Start(Sys, ClusterExperiment.ServerSettings(new ClusterExperimentOptions { MigrateReq = migrateReq }), wire.A);
        var peer = new RawPeer(wire.B, ClusterExperiment.ClientAddress, ClusterExperiment.ClientMac, ClusterExperiment.ServerAddress, ClusterExperiment.ServerMac);
        return (stack, peer);
    }

    private async Task<IActorRef> BindAsync(HashdanceStack stack, byte index, bool pullMode = false)
    {
        var handler = Sys.ActorOf(EchoAcceptor.Props(index));
        var probe = CreateTestProbe();
        stack.Manager.Tell(new Bind(handler, Endpoint, 128, new SocketOptions { ReusePort = true }, pullMode), probe.Ref);
        Assert.Equal(new Bound(Endpoint), await probe.ExpectMsgAsync<TcpEvent>(Timeout));
        return probe.LastSender;
    }

    [Fact]
    public async Task Sharing_a_port_needs_reuseport_on_every_listener()
    {
        var (stack, _) = Start(0);
        await BindAsync(stack, 1);
        await BindAsync(stack, 2);
        var probe = CreateTestProbe();
        stack.Manager.Tell(new Bind(Sys.ActorOf(EchoAcceptor.Props(3)), Endpoint), probe.Ref);
        var failed = await probe.ExpectMsgAsync<CommandFailed>(Timeout);
        Assert.Equal(SocketError.AddressInUse, failed.Error);
        var tables = await stack.Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, Timeout);
        Assert.Equal(2, tables.ReuseportGroupSizes![Endpoint]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task Closing_one_member_migrates_its_pending_requests_or_leaves_them_to_a_rst(int migrateReq)
    {
        var (stack, peer) = Start(migrateReq);
        var first = await BindAsync(stack, 1);
        var second = await BindAsync(stack, 2);

        var isn = await peer.OpenRequestsAsync(Flows, FirstPort, 8080, new SeqNum(7000), Timeout);
        // Each request sock is a child of the listener the flow hash chose.
        var owners = await OwnersAsync(stack);
        var onFirst = owners.Where(o => o.Value.Equals(first.Path)).Select(o => o.Key).ToHashSet();
        Assert.InRange(onFirst.Count, 1, Flows - 1);
        Assert.Equal(Flows - onFirst.Count, owners.Count(o => o.Value.Equals(second.Path)));

        var unbind = CreateTestProbe();
        first.Tell(Unbind.Instance, unbind.Ref);
        await unbind.ExpectMsgAsync<Unbound>(Timeout);

        if (migrateReq == 1)
        {
            var resent = new HashSet<ushort>();
            while (!onFirst.IsSubsetOf(resent))
            {
                var s = await peer.NextAsync(Timeout);
                if (s.Is(TcpFlags.Syn | TcpFlags.Ack) && onFirst.Contains(s.PeerPort) && s.Seq == isn[s.PeerPort]) resent.Add(s.PeerPort);
            }
            Assert.All((await OwnersAsync(stack)).Values, parent => Assert.Equal(second.Path, parent));
        }
        Assert.Equal(migrateReq == 1 ? onFirst.Count : 0, stack.Counters.Snapshot()[MibCounter.TcpExtTCPMigrateReqSuccess]);

        foreach (var (port, serverIsn) in isn) peer.Send(port, 8080, new SeqNum(7001), serverIsn + 1, TcpFlags.Ack | TcpFlags.Psh, Greeting);
        var echoedBy = new Dictionary<ushort, byte>();
        var reset = new HashSet<ushort>();
        await peer.CollectAsync(Greeting.Length + 1, isn.ToDictionary(p => p.Key, p => p.Value + 1), echoedBy, reset,
            () => echoedBy.Count + reset.Count == Flows, Timeout);
        Assert.All(echoedBy.Values, node => Assert.Equal(2, node));
        if (migrateReq == 1) Assert.Empty(reset);
        else Assert.Equal(onFirst, reset);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task Closing_one_member_moves_its_unaccepted_children_to_another_or_resets_them(int migrateReq)
    {
        var (stack, peer) = Start(migrateReq);
        // The first member accepts nothing (pull mode, no credit): its children wait in its accept queue.
        var first = await BindAsync(stack, 1, pullMode: true);
        var second = await BindAsync(stack, 2);
        var isn = await peer.OpenRequestsAsync(Flows, FirstPort, 8080, new SeqNum(7000), Timeout);
        var onFirst = (await OwnersAsync(stack)).Where(o => o.Value.Equals(first.Path)).Select(o => o.Key).ToHashSet();
        Assert.InRange(onFirst.Count, 1, Flows - 1);
        // Final ACKs with a greeting: the second member's children echo at once; the first member's wait un-accepted.
        foreach (var (port, serverIsn) in isn) peer.Send(port, 8080, new SeqNum(7001), serverIsn + 1, TcpFlags.Ack | TcpFlags.Psh, Greeting);
        var echoedBy = new Dictionary<ushort, byte>();
        var reset = new HashSet<ushort>();
        var rstSeq = isn.ToDictionary(p => p.Key, p => p.Value + 1);
        await peer.CollectAsync(Greeting.Length + 1, rstSeq, echoedBy, reset, () => echoedBy.Count == Flows - onFirst.Count, Timeout);
        var queue = await first.Ask<ListenerActor.QueueState>(ListenerActor.GetQueueState.Instance, Timeout);
        Assert.Equal(onFirst.Count, queue.AcceptQueueLength);

        var unbind = CreateTestProbe();
        first.Tell(Unbind.Instance, unbind.Ref);
        await unbind.ExpectMsgAsync<Unbound>(Timeout);
        await peer.CollectAsync(Greeting.Length + 1, rstSeq, echoedBy, reset, () => echoedBy.Count + reset.Count == Flows, Timeout);
        Assert.All(echoedBy.Values, node => Assert.Equal(2, node));
        if (migrateReq == 1)
        {
            // Accepted by the second member (its handler echoed them); the count is Linux's TCPMigrateReqSuccess.
            Assert.Empty(reset);
            Assert.Equal(onFirst.Count, stack.Counters.Snapshot()[MibCounter.TcpExtTCPMigrateReqSuccess]);
        }
        else Assert.Equal(onFirst, reset);
    }

    /// <summary>The parent (listener) path of the actor owning each flow's ehash entry, by peer port.</summary>
    private static async Task<Dictionary<ushort, ActorPath>> OwnersAsync(HashdanceStack stack)
    {
        var tables = await stack.Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, Timeout);
        return tables.Ehash.Where(e => e.Key.LocalPort == 8080).ToDictionary(e => e.Key.RemotePort, e => e.Value.Path.Parent);
    }
}
