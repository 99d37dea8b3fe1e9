using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;
using Hashdance.TestKit.Cluster;

namespace Hashdance.TestKit.Tests.Cluster;

/// <summary>
/// The node-fault plan of <see cref="ClusterUnderTest"/>: established connections spread over a reuseport group on two
/// sockets nodes; one node is killed. Its connections die with it, as a crashed host's do: the nic node's ingress drops
/// every entry it owned, and the peer's next segment on such a flow finds only the survivor's listener, which answers
/// the ACK with a RST (SEQ = the segment's ACK, no ACK bit); flows on the survivor go on.
/// </summary>
public sealed class NodeKillTests
{
    private const ushort Port = 8080;
    private const int Flows = 12;
    private static readonly byte[] Greeting = "hi"u8.ToArray();

    [Fact]
    public async Task A_killed_sockets_node_leaves_nothing_in_the_ingress_and_its_peers_get_a_rst_on_their_next_segment()
    {
        await using var under = await ClusterUnderTest.StartAsync(socketsNodes: 2);
        await under.BindEchoAsync(1, Port);
        await under.BindEchoAsync(2, Port);
        var isn = await under.Peer.OpenRequestsAsync(Flows, 43000, Port, new SeqNum(7000), under.Timeout);
        foreach (var (port, serverIsn) in isn) under.Peer.Send(port, Port, new SeqNum(7001), serverIsn + 1, TcpFlags.Ack | TcpFlags.Psh, Greeting);
        var echoedBy = new Dictionary<ushort, byte>();
        var reset = new HashSet<ushort>();
        // Each echo is the greeting plus the serving node's index.
        await under.Peer.CollectAsync(Greeting.Length + 1, new Dictionary<ushort, SeqNum>(), echoedBy, reset, () => echoedBy.Count == Flows, under.Timeout);
        Assert.Empty(reset);
        var owners = await under.OwnersAsync(Port);
        Assert.Equal(Flows, owners.Count);
        Assert.All(owners, o => Assert.Equal(o.Value, echoedBy[o.Key]));
        var onDead = owners.Where(o => o.Value == 2).Select(o => o.Key).ToHashSet();
        Assert.InRange(onDead.Count, 1, Flows - 1);

        await under.KillNodeAsync(2, Port);

        var left = await under.OwnersAsync(Port);
        Assert.Equal(Flows - onDead.Count, left.Count);
        Assert.All(left.Values, node => Assert.Equal(1, node));
        // The next segment of every flow: more data, acknowledging the echo (greeting + index byte).
        var rstSeq = isn.ToDictionary(p => p.Key, p => p.Value + 1 + Greeting.Length + 1);
        foreach (var (port, serverIsn) in isn)
            under.Peer.Send(port, Port, new SeqNum(7001 + (uint)Greeting.Length), rstSeq[port], TcpFlags.Ack | TcpFlags.Psh, Greeting);
        echoedBy.Clear();
        await under.Peer.CollectAsync(Greeting.Length + 1, rstSeq, echoedBy, reset, () => echoedBy.Count + reset.Count == Flows, under.Timeout);
        Assert.Equal(onDead, reset);
        Assert.Equal(Flows - onDead.Count, echoedBy.Count);
        Assert.All(echoedBy.Values, node => Assert.Equal(1, node));
        // A flow no socket owns any more reaches the group's listener (now only node 1's), which answers the ACK with
        // the RST (tcp_rcv_state_process in LISTEN): the RSTs are node 1's.
        var survivor = await under.Nodes[1]!.SocketsStack!;
        Assert.Equal(onDead.Count, survivor.Counters.Snapshot()[MibCounter.TcpOutRsts]);
    }
}
