using Hashdance.TestKit.Cluster;
using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Cluster.Experiments;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.MultiNode.Tests;

/// <summary>
/// Pending requests (SYN_RECV: SYN-ACK sent, final ACK not yet received) spread over a reuseport group on two
/// sockets nodes, then one node dies. With tcp_migrate_req = 1 the nic node moves the dead member's requests to the
/// survivor (reuseport_migrate_sock), which answers their final ACKs; with 0 those ACKs meet the survivor's listener
/// as unknown ACKs and get a RST (tcp_v4_send_reset, SEQ = the ACK's ack number).
/// </summary>
public sealed class ReuseportMigrationTests
{
    private const int Flows = 16;
    private const ushort FirstPort = 41000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly byte[] Greeting = "hi"u8.ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task Requests_of_a_dead_member_migrate_or_get_a_rst_on_their_final_ack(int migrateReq)
    {
        SerializationAudit.Reset();
        await using var under = await ClusterUnderTest.StartAsync(socketsNodes: 2, migrateReq, SerializationAudit.NodeConfig, Generous);
        await under.BindEchoAsync(1, 8080);
        await under.BindEchoAsync(2, 8080);
        var peer = under.Peer;

        // Every SYN gets its SYN-ACK from one member; the ISN is the same whoever answers later.
        var isn = await peer.OpenRequestsAsync(Flows, FirstPort, 8080, new SeqNum(1000), Generous);
        var owners = await under.OwnersAsync(8080);
        var onDead = owners.Where(o => o.Value == 2).Select(o => o.Key).ToHashSet();
        Assert.Equal(Flows, owners.Count);
        Assert.InRange(onDead.Count, 1, Flows - 1);

        // The cluster removes node 2; the ingress learns it from its own DeathWatch, which may come a moment later.
        await under.KillNodeAsync(2, 8080);

        if (migrateReq == 1)
        {
            // The survivor's new request socks send their SYN-ACK (same ISN) as soon as the ingress hashed them.
            var resent = new HashSet<ushort>();
            while (!onDead.IsSubsetOf(resent))
            {
                var s = await peer.NextAsync(Generous);
                if (s.Is(TcpFlags.Syn | TcpFlags.Ack) && onDead.Contains(s.PeerPort))
                {
                    Assert.Equal(isn[s.PeerPort], s.Seq);
                    resent.Add(s.PeerPort);
                }
            }
            var after = await under.OwnersAsync(8080);
            Assert.Equal(Flows, after.Count);
            Assert.All(after.Values, node => Assert.Equal(1, node));
        }
        Assert.Equal(migrateReq == 1 ? onDead.Count : 0, under.Nic.NicStack!.Counters.Snapshot()[MibCounter.TcpExtTCPMigrateReqSuccess]);

        // Final ACKs, each carrying a greeting the acceptor echoes with its node's index.
        foreach (var port in isn.Keys) peer.Send(port, 8080, new SeqNum(1001), isn[port] + 1, TcpFlags.Ack | TcpFlags.Psh, Greeting);
        var echoedBy = new Dictionary<ushort, byte>();
        var reset = new HashSet<ushort>();
        await peer.CollectAsync(Greeting.Length + 1, isn.ToDictionary(p => p.Key, p => p.Value + 1), echoedBy, reset,
            () => echoedBy.Count + reset.Count == Flows, Generous);
        if (migrateReq == 1)
        {
            Assert.Empty(reset);
            Assert.All(echoedBy.Values, node => Assert.Equal(1, node));
        }
        else
        {
            Assert.Equal(onDead, reset);
            Assert.Equal(Flows - onDead.Count, echoedBy.Count);
            Assert.All(echoedBy, e => Assert.Equal(1, e.Value));
        }
        // Nothing the dead node owned is left in the nic node's tables.
        var final = await under.OwnersAsync(8080);
        Assert.DoesNotContain(2, final.Values);
        Assert.Empty(SerializationAudit.NonHyperionHashdanceTypes);
    }
}
