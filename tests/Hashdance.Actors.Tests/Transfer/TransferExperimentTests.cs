using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Actors.Experiments;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Tests.Transfer;

/// <summary>
/// Data transfer in virtual time (TestScheduler + calling-thread dispatcher): every stream arrives intact (equal
/// SHA-256 at both ends) or its connection reports an error; never a complete but different stream.
/// </summary>
public sealed class TransferExperimentTests : SynchronousVirtualTimeTestKit
{

    private Task Advance() => AdvanceBy(TimeSpan.FromMilliseconds(1))();

    [Fact]
    public async Task Without_faults_two_megabytes_each_way_arrive_intact_with_no_retransmission()
    {
        var result = await TransferExperiment.RunAsync(Sys, new TransferExperimentOptions { Connections = 2, BytesPerDirection = 2 << 20, Seed = 3 }, advanceTime: Advance);

        Assert.Equal(2, result.IntactConnections);
        Assert.True(result.AllIntact, string.Join("; ", result.Errors));
        Assert.Equal(0, result.CorruptConnections);
        Assert.Equal(0, result.Retransmits);
        Assert.Equal(0, result.ServerCounters[MibCounter.TcpExtTCPTimeouts]);
        // Every socket reported its srtt once its stream was queued (0 µs is possible: the wire has no delay).
        Assert.Equal(4, result.Rtt.Sockets);
        Assert.InRange(result.Rtt.MinMicros, 0, result.Rtt.MaxMicros);
        Assert.InRange(result.Rtt.MeanMicros, result.Rtt.MinMicros, result.Rtt.MaxMicros);
    }

    [Theory]
    [InlineData(0.01, 11)]
    [InlineData(0.05, 12)]
    public async Task Under_loss_duplication_reordering_and_corruption_every_stream_arrives_intact(double loss, int seed)
    {
        var faults = new FaultPlan { LossRate = loss, DuplicateRate = 0.02, ReorderRate = 0.02, CorruptRate = 0.01 };
        var result = await TransferExperiment.RunAsync(Sys, new TransferExperimentOptions { Connections = 1, BytesPerDirection = 1 << 20, Faults = faults, Seed = seed }, advanceTime: Advance);

        Assert.True(result.AllIntact, string.Join("; ", result.Errors));
        Assert.Equal(0, result.CorruptConnections);
        Assert.True(result.Faults.Lost > 0);
        Assert.True(result.Retransmits > 0);
    }

    [Fact]
    public async Task Under_30_percent_loss_no_stream_is_ever_delivered_corrupt()
    {
        // Known gap: at 30 % loss this connection stalls (no zero-window probe / RACK-TLP yet), so only the integrity
        // half of the property is asserted here: nothing arrives complete but different.
        var faults = new FaultPlan { LossRate = 0.3, DuplicateRate = 0.02, ReorderRate = 0.02, CorruptRate = 0.01 };
        var result = await TransferExperiment.RunAsync(Sys, new TransferExperimentOptions
        {
            Connections = 1, BytesPerDirection = 256 << 10, Faults = faults, Seed = 13, TimeLimit = TimeSpan.FromMinutes(5),
        }, advanceTime: Advance);

        Assert.Equal(0, result.CorruptConnections);
        Assert.Equal(1, result.IntactConnections + result.FailedConnections);
    }
}
