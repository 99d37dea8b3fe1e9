using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Sockets;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Tests.Timers;

/// <summary>
/// The shell's arm path (<see cref="ActorTcpOutput"/> on <see cref="ShellTimers"/>, which the connection actor uses
/// too) against a scheduler that records every Akka timer started: the RTO pushed on by every ACK starts none.
/// </summary>
public sealed class ShellTimersTests
{
    private const long T0 = 1_000_000_000;

    /// <summary>An actor's timer scheduler that only records the single timers started.</summary>
    private sealed class RecordingTimers : ITimerScheduler
    {
        public readonly List<(object Key, object Message, TimeSpan Delay)> Started = [];

        public void StartSingleTimer(object key, object msg, TimeSpan timeout) => Started.Add((key, msg, timeout));
        public void StartSingleTimer(object key, object msg, TimeSpan timeout, IActorRef sender) => Started.Add((key, msg, timeout));
        public void StartPeriodicTimer(object key, object msg, TimeSpan interval) => throw new NotSupportedException();
        public void StartPeriodicTimer(object key, object msg, TimeSpan interval, IActorRef sender) => throw new NotSupportedException();
        public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval) => throw new NotSupportedException();
        public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval, IActorRef sender) => throw new NotSupportedException();
        public bool IsTimerActive(object key) => false;
        public IReadOnlyCollection<object> ActiveTimers => [];
        public void Cancel(object key) => throw new NotSupportedException("a socket never cancels its one Akka timer");
        public void CancelAll() => throw new NotSupportedException();
    }

    private sealed class Host(ITimerScheduler timers) : IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = timers;
    }

    private static (ActorTcpOutput Output, RecordingTimers Timers, ManualClock Clock) NewOutput()
    {
        var timers = new RecordingTimers();
        var clock = new ManualClock(T0);
        // Transmit is never called here: no egress needed.
        return (new ActorTcpOutput(null!, clock, new Host(timers)), timers, clock);
    }

    [Fact]
    public void An_rto_re_armed_on_each_of_1000_acks_starts_one_akka_timer_and_allocates_nothing()
    {
        var (output, timers, clock) = NewOutput();
        output.ArmTimer(TcpTimer.Retransmit, T0 + 200_000);
        Assert.Single(timers.Started);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var ack = 1; ack <= 1000; ack++)
        {
            clock.Advance(100);
            output.ArmTimer(TcpTimer.Retransmit, clock.NowMicros + 200_000);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        var (key, message, delay) = Assert.Single(timers.Started);
        Assert.Same(TimersDue.Instance, message);
        Assert.Same(TimersDue.Instance, key);
        Assert.Equal(TimeSpan.FromMilliseconds(200), delay);
        Assert.Equal(T0 + 100_000 + 200_000, output.Deadlines.DeadlineOf(TcpTimer.Retransmit));
    }

    [Fact]
    public void The_early_wake_up_re_schedules_for_the_moved_deadline_and_an_earlier_deadline_replaces_the_pending_one()
    {
        var (output, timers, clock) = NewOutput();
        output.ArmTimer(TcpTimer.Retransmit, T0 + 200_000);
        output.ArmTimer(TcpTimer.Retransmit, T0 + 260_000);
        output.ArmTimer(TcpTimer.DelayedAck, T0 + 40_000);
        output.CancelTimer(TcpTimer.DelayedAck);
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(40)], timers.Started.Select(s => s.Delay));

        // The delayed ACK's wake-up finds nothing due (it was cancelled): the next one is for the RTO.
        clock.Advance(40_000);
        output.Deadlines.BeginExpiry();
        Assert.False(output.Deadlines.TryTakeDue(clock.NowMicros, out _));
        output.EndExpiry();

        Assert.Equal(3, timers.Started.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(220), timers.Started[2].Delay);
    }

    [Fact]
    public void A_kind_its_handler_re_arms_for_a_past_instant_wakes_one_tick_later_not_in_the_slot_being_run()
    {
        var (output, timers, clock) = NewOutput();
        output.ArmTimer(TcpTimer.SynAck, T0 + 1_000_000);
        clock.Advance(1_000_000);

        output.Deadlines.BeginExpiry();
        Assert.True(output.Deadlines.TryTakeDue(clock.NowMicros, out var due));
        Assert.Equal(TcpTimer.SynAck, due);
        output.ArmTimer(TcpTimer.SynAck, clock.NowMicros - 1);
        Assert.Single(timers.Started); // recorded only, during the expiry
        output.EndExpiry();

        Assert.Equal(2, timers.Started.Count);
        Assert.Equal(TimeSpan.FromTicks(1), timers.Started[1].Delay);
    }
}
