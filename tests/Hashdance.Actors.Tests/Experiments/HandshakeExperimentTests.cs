using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Actors.Experiments;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Tests.Experiments;

/// <summary>
/// Experiments in virtual time: TestScheduler for time and the calling-thread dispatcher for the actors, so every
/// message is handled synchronously inside the Advance that caused it and nothing depends on the wall clock.
/// </summary>
public sealed class HandshakeExperimentTests : SynchronousVirtualTimeTestKit
{

    private Task Advance() => AdvanceBy(TimeSpan.FromMilliseconds(10))();

    [Fact]
    public async Task Without_faults_every_connection_is_established_and_accepted()
    {
        var result = await HandshakeExperiment.RunAsync(Sys, new HandshakeExperimentOptions { Connections = 200, Concurrency = 50, Seed = 3 }, advanceTime: Advance);

        Assert.Equal(200, result.Established);
        Assert.Equal(200, result.Accepted);
        Assert.Equal(0, result.Failed);
        Assert.Empty(result.NotAccepted);
        Assert.Equal(200, result.ServerCounters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(200, result.ClientCounters[MibCounter.TcpActiveOpens]);
        Assert.Equal(0, result.ServerCounters[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(0, result.ServerCounters[MibCounter.TcpExtSyncookiesSent]);
    }

    [Fact]
    public async Task With_20_percent_loss_duplication_and_reordering_every_handshake_completes_within_the_retry_budget()
    {
        var faults = new FaultPlan { LossRate = 0.2, DuplicateRate = 0.05, ReorderRate = 0.05 };
        var result = await HandshakeExperiment.RunAsync(Sys, new HandshakeExperimentOptions { Connections = 100, Concurrency = 20, Faults = faults, Seed = 5 }, advanceTime: Advance);

        Assert.Equal(100, result.Established);
        Assert.Equal(100, result.Accepted);
        Assert.Empty(result.NotAccepted);
        Assert.True(result.Faults.Lost > 0);
        Assert.True(result.ClientCounters[MibCounter.TcpRetransSegs] + result.ServerCounters[MibCounter.TcpRetransSegs] > 0);
    }
}
