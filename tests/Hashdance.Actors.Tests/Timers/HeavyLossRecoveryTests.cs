using Hashdance.Actors.Experiments;
using Hashdance.Actors.Tests.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Tests.Timers;

/// <summary>
/// Regression tests for the 30 % loss "stall": without tail loss probes and RACK every lost retransmission cost an
/// RTO, each one doubled, and 256 KiB took about 1000 s of virtual time (or never finished); with RACK-TLP the same
/// transfers finish in tens of seconds.
/// </summary>
public sealed class HeavyLossRecoveryTests : SynchronousVirtualTimeTestKit
{
    /// <summary>
    /// A fixed start for virtual time (the TestScheduler starts at the wall clock): under 30 % loss the outcome is
    /// chaotic in every input, the jiffy phase and the TS clocks included.
    /// </summary>
    public HeavyLossRecoveryTests() => Clockwork.AdvanceTo(StackUnderTest.Epoch);

    private Task Advance() => AdvanceBy(TimeSpan.FromMilliseconds(1))();

    private async Task<TransferExperimentResult> Run(FaultPlan faults, int seed) =>
        await TransferExperiment.RunAsync(Sys, new TransferExperimentOptions
        {
            Connections = 1, BytesPerDirection = 256 << 10, Faults = faults, Seed = seed, TimeLimit = TimeSpan.FromMinutes(10),
        }, advanceTime: Advance);

    private static long Sum(TransferExperimentResult r, MibCounter counter) => r.ServerCounters[counter] + r.ClientCounters[counter];

    [Theory]
    [InlineData(13, 300)]
    [InlineData(3, 300)]
    public async Task At_30_percent_loss_with_duplication_and_reordering_the_streams_arrive_intact_with_tail_loss_probes(int seed, int maxSeconds)
    {
        var result = await Run(new FaultPlan { LossRate = 0.3, DuplicateRate = 0.02, ReorderRate = 0.02 }, seed);

        Assert.True(result.AllIntact, string.Join("; ", result.Errors));
        Assert.True(result.DurationSeconds < maxSeconds, $"took {result.DurationSeconds} s");
        Assert.True(Sum(result, MibCounter.TcpExtTCPLossProbes) > 0);
        Assert.True(Sum(result, MibCounter.TcpExtTCPSackRecovery) > 0);
    }

    [Fact]
    public async Task At_30_percent_loss_seed_2_finishes_in_under_five_minutes()
    {
        var result = await Run(new FaultPlan { LossRate = 0.3 }, 2);

        Assert.True(result.AllIntact, string.Join("; ", result.Errors));
        Assert.True(result.DurationSeconds < 300, $"took {result.DurationSeconds} s");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public async Task At_20_percent_loss_the_streams_arrive_intact_within_seconds(int seed)
    {
        var result = await Run(new FaultPlan { LossRate = 0.2, DuplicateRate = 0.02, ReorderRate = 0.02 }, seed);

        Assert.True(result.AllIntact, string.Join("; ", result.Errors));
        Assert.True(result.DurationSeconds < 30, $"took {result.DurationSeconds} s");
        Assert.Equal(0, result.CorruptConnections);
    }
}
