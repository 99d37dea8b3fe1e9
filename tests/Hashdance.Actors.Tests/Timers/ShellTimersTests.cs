using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Hashdance.Actors.Sockets;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Tests.Timers;

/// <summary>
/// The shell's arm path (<see cref="ActorTcpOutput"/> on <see cref="ShellTimers"/>, which the connection actor uses
/// too) against a scheduler that records every wake-up registered: the RTO pushed on by every ACK registers none.
/// </summary>
public sealed class ShellTimersTests
{
    private const long T0 = 1_000_000_000;

    private static (ActorTcpOutput Output, CountingTestScheduler Scheduler, ManualClock Clock) NewOutput()
    {
        var scheduler = new CountingTestScheduler(Config.Empty, NoLogger.Instance);
        var clock = new ManualClock(T0);
        // Transmit is never called here (no egress), and the wake-ups are never delivered (the scheduler never advances).
        return (new ActorTcpOutput(null!, clock, ActorRefs.Nobody, scheduler), scheduler, clock);
    }

    [Fact]
    public void An_rto_re_armed_on_each_of_1000_acks_registers_one_wake_up_and_allocates_nothing()
    {
        var (output, scheduler, clock) = NewOutput();
        output.ArmTimer(TcpTimer.Retransmit, T0 + 200_000);
        Assert.Equal(1, scheduler.SocketTimerRegistrations);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var ack = 1; ack <= 1000; ack++)
        {
            clock.Advance(100);
            output.ArmTimer(TcpTimer.Retransmit, clock.NowMicros + 200_000);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal([TimeSpan.FromMilliseconds(200)], scheduler.SocketTimerDelays);
        Assert.Equal(T0 + 100_000 + 200_000, output.Deadlines.DeadlineOf(TcpTimer.Retransmit));
    }

    [Fact]
    public void The_early_wake_up_re_schedules_for_the_moved_deadline_and_an_earlier_deadline_replaces_the_pending_one()
    {
        var (output, scheduler, clock) = NewOutput();
        output.ArmTimer(TcpTimer.Retransmit, T0 + 200_000);
        var first = output.Deadlines.WakeGeneration;
        output.ArmTimer(TcpTimer.Retransmit, T0 + 260_000);
        output.ArmTimer(TcpTimer.DelayedAck, T0 + 40_000);
        output.CancelTimer(TcpTimer.DelayedAck);
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(40)], scheduler.SocketTimerDelays);
        // The replaced wake-up, should it arrive anyway, is stale.
        Assert.False(output.Deadlines.IsCurrentWakeUp(first));
        Assert.True(output.Deadlines.IsCurrentWakeUp(first + 1));

        // The delayed ACK's wake-up finds nothing due (it was cancelled): the next one is for the RTO.
        clock.Advance(40_000);
        output.Deadlines.BeginExpiry();
        Assert.False(output.Deadlines.TryTakeDue(clock.NowMicros, out _));
        output.EndExpiry();

        Assert.Equal(3, scheduler.SocketTimerRegistrations);
        Assert.Equal(TimeSpan.FromMilliseconds(220), scheduler.SocketTimerDelays[2]);
        Assert.True(output.Deadlines.IsCurrentWakeUp(first + 2));
    }

    [Fact]
    public void A_kind_its_handler_re_arms_for_a_past_instant_wakes_one_tick_later_not_in_the_slot_being_run()
    {
        var (output, scheduler, clock) = NewOutput();
        output.ArmTimer(TcpTimer.SynAck, T0 + 1_000_000);
        clock.Advance(1_000_000);

        output.Deadlines.BeginExpiry();
        Assert.True(output.Deadlines.TryTakeDue(clock.NowMicros, out var due));
        Assert.Equal(TcpTimer.SynAck, due);
        output.ArmTimer(TcpTimer.SynAck, clock.NowMicros - 1);
        Assert.Equal(1, scheduler.SocketTimerRegistrations); // recorded only, during the expiry
        output.EndExpiry();

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromTicks(1)], scheduler.SocketTimerDelays);
    }
}
