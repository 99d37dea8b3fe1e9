using Akka.Actor;

namespace Hashdance.NicIo.Tests;

public sealed class SchedulerClockTests : VirtualTimeTestKit
{
    [Fact]
    public void Reports_the_test_schedulers_virtual_time_in_microseconds_since_the_epoch()
    {
        var clock = new SchedulerClock(Sys.Scheduler);
        var expected = (Clockwork.Now - DateTimeOffset.UnixEpoch).Ticks / 10;
        Assert.Equal(expected, clock.NowMicros);

        AdvanceMicros(1500);
        Assert.Equal(expected + 1500, clock.NowMicros);
        Clockwork.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(expected + 2_001_500, clock.NowMicros);
    }

    [Fact]
    public void Never_runs_backwards_when_the_schedulers_wall_clock_steps_back()
    {
        var time = new SteppedTimeScheduler(DateTimeOffset.UnixEpoch.AddSeconds(100));
        var clock = new SchedulerClock(time);
        Assert.Equal(100_000_000, clock.NowMicros);

        time.Now = DateTimeOffset.UnixEpoch.AddSeconds(90);
        Assert.Equal(100_000_000, clock.NowMicros);

        time.Now = DateTimeOffset.UnixEpoch.AddSeconds(100).AddTicks(10);
        Assert.Equal(100_000_001, clock.NowMicros);
    }

    /// <summary>A scheduler that only tells the time, which a test sets; nothing is ever scheduled on it.</summary>
    private sealed class SteppedTimeScheduler(DateTimeOffset now) : IScheduler
    {
        public DateTimeOffset Now { get; set; } = now;

        public TimeSpan MonotonicClock => throw new NotSupportedException();

        public TimeSpan HighResMonotonicClock => throw new NotSupportedException();

        public IAdvancedScheduler Advanced => throw new NotSupportedException();

        public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender) => throw new NotSupportedException();

        public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) => throw new NotSupportedException();

        public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender) => throw new NotSupportedException();

        public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) => throw new NotSupportedException();
    }
}
