using Hashdance.Actors.Experiments;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Tests.Timers;

/// <summary>
/// Whole transfers in virtual time under a scheduler that counts the socket timers' Akka registrations: with the
/// deadlines kept by the shell (TcpTimerDeadlines) and one Akka timer per actor, the RTO re-armed by nearly every
/// ACK no longer costs a registration per ACK.
/// </summary>
public sealed class TimerWakeUpTests() : SynchronousVirtualTimeTestKit(typeof(CountingTestScheduler).AssemblyQualifiedName!)
{
    private CountingTestScheduler Counting => (CountingTestScheduler)Sys.Scheduler;

    [Fact]
    public async Task A_megabyte_each_way_registers_far_fewer_akka_timers_than_it_receives_acks()
    {
        var before = Counting.SocketTimerRegistrations;
        var result = await TransferExperiment.RunAsync(Sys, new TransferExperimentOptions { Connections = 1, BytesPerDirection = 1 << 20, Seed = 3 },
            advanceTime: AdvanceBy(TimeSpan.FromMilliseconds(1)));
        var registrations = Counting.SocketTimerRegistrations - before;

        Assert.True(result.AllIntact, string.Join("; ", result.Errors));
        var segmentsIn = result.ServerCounters[MibCounter.TcpInSegs] + result.ClientCounters[MibCounter.TcpInSegs];
        Assert.True(segmentsIn > 1000, $"{segmentsIn} segments");
        // One registration per ACK before; now a handful per RTO period and per delayed ACK.
        Assert.True(registrations * 100 < segmentsIn, $"{registrations} Akka timer registrations for {segmentsIn} segments received");
    }
}
