using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Hashdance.Packetdrill.Runtime;

/// <summary>
/// An Akka scheduler on a virtual clock that runs each piece of work at exactly its due time: <see cref="RunNext"/>
/// sets the clock to the earliest due item and runs it, so frames a timer sends are stamped with the timer's own
/// instant (Akka.TestKit's TestScheduler jumps to the end of an Advance first and runs everything due there).
/// Items due at the same instant run in the order they were scheduled. Nothing here reads the wall clock.
/// </summary>
public sealed class VirtualTimeScheduler : SchedulerBase, IDisposable
{
    /// <summary>
    /// The virtual epoch: a fixed instant, so runs are reproducible. It is the Unix epoch, so the stack's clock (micros
    /// since 1970) starts at 0 like the kernel's jiffies do (near 0): the stack converts 32-bit jiffies deadlines back
    /// to microseconds in places (the delayed-ACK timer), which only holds while the clock is below 2^32 jiffies.
    /// </summary>
    public static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    private readonly object _lock = new();
    private readonly PriorityQueue<ScheduledItem, (long Due, long Sequence)> _queue = new();
    private long _nowTicks;
    private long _sequence;
    private long _lastRunDue = -1;
    private int _runsAtSameInstant;

    /// <summary>More items than this at one instant means work that reschedules itself without delay: a livelock.</summary>
    public const int MaxRunsPerInstant = 100_000;

    public VirtualTimeScheduler(Akka.Configuration.Config scheduler, ILoggingAdapter log) : base(scheduler, log)
    {
    }

    private sealed record ScheduledItem(Action Work, ICancelable? Cancelable, long IntervalTicks, string Description);

    protected override DateTimeOffset TimeNow => Epoch + Elapsed;

    public override TimeSpan MonotonicClock => Elapsed;

    public override TimeSpan HighResMonotonicClock => Elapsed;

    /// <summary>Virtual time since <see cref="Epoch"/>.</summary>
    public TimeSpan Elapsed => new(Interlocked.Read(ref _nowTicks));

    /// <summary>Virtual time since <see cref="Epoch"/> in microseconds.</summary>
    public long ElapsedMicros => Elapsed.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>The due time (micros since the epoch) of the earliest live item, or null when nothing is scheduled.</summary>
    public long? NextDueMicros
    {
        get
        {
            lock (_lock)
            {
                while (_queue.TryPeek(out var item, out var key))
                {
                    if (item.Cancelable is { IsCancellationRequested: true })
                    {
                        _queue.Dequeue();
                        continue;
                    }
                    return key.Due / TimeSpan.TicksPerMicrosecond;
                }
                return null;
            }
        }
    }

    /// <summary>Runs the earliest item if it is due at or before <paramref name="limitMicros"/>, first moving the clock to its due time.</summary>
    public bool RunNext(long limitMicros)
    {
        ScheduledItem item;
        long due;
        lock (_lock)
        {
            if (NextDueMicros is not { } next || next > limitMicros) return false;
            _queue.TryDequeue(out item!, out var key);
            due = key.Due;
            if (due > _nowTicks) Interlocked.Exchange(ref _nowTicks, due);
            _runsAtSameInstant = due == _lastRunDue ? _runsAtSameInstant + 1 : 0;
            _lastRunDue = due;
            if (_runsAtSameInstant > MaxRunsPerInstant)
                throw new InvalidOperationException($"livelock: more than {MaxRunsPerInstant} scheduled items ran at {ElapsedMicros} us (the last: {item.Description})");
        }
        item.Work();
        if (item.IntervalTicks > 0 && item.Cancelable is not { IsCancellationRequested: true })
            Enqueue(due + item.IntervalTicks, item);
        return true;
    }

    /// <summary>Runs everything due up to <paramref name="targetMicros"/> in order, then sets the clock there.</summary>
    public void AdvanceTo(long targetMicros)
    {
        while (RunNext(targetMicros))
        {
        }
        var target = targetMicros * TimeSpan.TicksPerMicrosecond;
        lock (_lock)
        {
            if (target > _nowTicks) Interlocked.Exchange(ref _nowTicks, target);
        }
    }

    private void Enqueue(long dueTicks, ScheduledItem item)
    {
        lock (_lock) _queue.Enqueue(item, (dueTicks, _sequence++));
    }

    private void Schedule(TimeSpan delay, Action work, ICancelable? cancelable, TimeSpan interval = default, string? description = null)
    {
        var delayTicks = Math.Max(0, delay.Ticks);
        Enqueue(Interlocked.Read(ref _nowTicks) + delayTicks,
            new ScheduledItem(work, cancelable, Math.Max(0, interval.Ticks), description ?? $"{work.Method.DeclaringType?.Name}.{work.Method.Name}"));
    }

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(delay, () => receiver.Tell(message, sender), cancelable, description: $"{message} to {receiver}");

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(initialDelay, () => receiver.Tell(message, sender), cancelable, interval, $"{message} to {receiver} every {interval}");

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(delay, action, cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Schedule(delay, action.Run, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(initialDelay, action, cancelable, interval);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Schedule(initialDelay, action.Run, cancelable, interval);

    public void Dispose()
    {
        lock (_lock) _queue.Clear();
    }
}
