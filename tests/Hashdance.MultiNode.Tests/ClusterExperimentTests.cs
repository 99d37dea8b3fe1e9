using Hashdance.Actors.Cluster;
using Hashdance.Actors.Messages;
using Hashdance.Cluster.Experiments;
using Xunit.Abstractions;

namespace Hashdance.MultiNode.Tests;

/// <summary>
/// Three ActorSystems over loopback remoting, a real Akka cluster: node 0 hosts the link (and the client stack on the
/// same in-memory wire), nodes 1 and 2 host listeners of one reuseport group and their connections.
/// </summary>
public sealed class ClusterExperimentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private static ClusterExperimentOptions Options(int connections) => new()
    {
        Nodes = 3, Connections = connections, Concurrency = 16, RunTimeout = Generous, ConnectionTimeout = TimeSpan.FromSeconds(15),
    };

    [Fact]
    public async Task Handshakes_spread_over_the_group_and_every_connection_echoes_through_hyperion()
    {
        SerializationAudit.Reset();
        var result = await ClusterExperiment.RunAsync(Options(200), SerializationAudit.NodeConfig, output.WriteLine);
        output.WriteLine($"served: node1 {result.Nodes[1].Handshakes}, node2 {result.Nodes[2].Handshakes}; failures {string.Join(", ", result.Failures)}");

        foreach (var (type, count) in SerializationAudit.HyperionCounts.OrderBy(p => p.Key.Name)) output.WriteLine($"hyperion {type.Name} {count}");
        Assert.Equal(200, result.Handshakes);
        Assert.Equal(0, result.GaveUp);
        Assert.Empty(result.Failures);
        Assert.Equal(0, result.Nodes[0].Handshakes);
        Assert.Equal(200, result.Nodes[1].Handshakes + result.Nodes[2].Handshakes);
        // The flow hash spreads 200 flows over two members: each gets a real share (binomial, p = 1/2).
        Assert.InRange(result.Nodes[1].Handshakes, 60, 140);
        Assert.Equal(0, result.RstsSent);

        // Every Hashdance message that was serialized went through Hyperion; the ones below only ever travel between
        // nodes here (SegmentArrived skips local verification, RemoteFrame is sockets → nic), so they crossed via Hyperion.
        Assert.Empty(SerializationAudit.NonHyperionHashdanceTypes);
        Assert.True(SerializationAudit.Count(typeof(SegmentArrived)) >= 400, $"SegmentArrived {SerializationAudit.Count(typeof(SegmentArrived))}");
        Assert.True(SerializationAudit.Count(typeof(RemoteFrame)) >= 400, $"RemoteFrame {SerializationAudit.Count(typeof(RemoteFrame))}");
        Assert.True(SerializationAudit.Count(typeof(ListenerAdd)) >= 2);
        Assert.True(SerializationAudit.Count(typeof(EhashInsert)) >= 200);
        Assert.True(SerializationAudit.Count(typeof(EhashReplace)) >= 200);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_node_killed_mid_run_leaves_nothing_registered_and_its_flows_recover_on_the_survivor(int migrateReq)
    {
        SerializationAudit.Reset();
        // Connections stay open 3 s after their first echo; the kill starts once 60 were served (20 of the second
        // round holding) and takes 2-3 s, so it finds established connections on node 2, whose second exchange then
        // meets the survivor's RST.
        var options = Options(120) with
        {
            Concurrency = 40, HoldTime = TimeSpan.FromSeconds(3), KillNode = 2, KillAfterConnections = 60, MigrateReq = migrateReq,
        };
        var result = await ClusterExperiment.RunAsync(options, SerializationAudit.NodeConfig, output.WriteLine);
        output.WriteLine($"served: node1 {result.Nodes[1].Handshakes}, node2 {result.Nodes[2].Handshakes}; lost {result.ConnectionsLost}, " +
                         $"recovered {result.ConnectionsRecovered}, migrated {result.MigratedRequests}, rsts {result.RstsSent}; " +
                         $"failures {string.Join(", ", result.Failures)}");

        Assert.Equal(2, result.KilledNode);
        Assert.True(result.Nodes[2].Killed);
        Assert.Equal(0, result.LeftoverEntriesOfKilledNode);
        // Every flow succeeds in the end: the ones the dead node held are reset and retried, and land on node 1.
        Assert.Equal(120, result.Handshakes);
        Assert.Equal(0, result.GaveUp);
        Assert.InRange(result.Nodes[2].Handshakes, 1, 40);
        Assert.Equal(120, result.Nodes[1].Handshakes + result.Nodes[2].Handshakes);
        // Established connections of the dead node were lost: each peer got a RST on its next segment (sent by the
        // surviving member's listener, which knows no such connection), retried, and was served by node 1.
        Assert.True(result.ConnectionsLost > 0);
        Assert.Equal(result.ConnectionsLost, result.ConnectionsRecovered);
        Assert.True(result.RstsSent >= result.ConnectionsLost);
        Assert.True(result.Failures.GetValueOrDefault("ConnectionReset") >= 1);
        if (migrateReq == 0) Assert.Equal(0, result.MigratedRequests);
        Assert.Equal(0, result.MigrationFailures);
        Assert.Empty(SerializationAudit.NonHyperionHashdanceTypes);
    }
}
