using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Hashdance.Actors.Messages;

namespace Hashdance.Actors.Tests.Harness;

/// <summary>
/// Akka.TestKit's <see cref="TestScheduler"/> that also records the socket timer wake-ups registered with it: each is
/// one scheduled <see cref="TimersDue"/>, with its SchedulerRegistration, Cancelable and friends (about 300 bytes).
/// </summary>
/// <remarks>
/// The counting is an explicit re-implementation of <see cref="ITellScheduler"/>: Akka schedules through the
/// interface, and TestScheduler's own methods are not virtual.
/// </remarks>
public sealed class CountingTestScheduler(Config schedulerConfig, ILoggingAdapter log) : TestScheduler(schedulerConfig, log), ITellScheduler
{
    private readonly List<TimeSpan> _socketTimerDelays = [];

    /// <summary>Socket timer wake-ups scheduled so far.</summary>
    public int SocketTimerRegistrations
    {
        get
        {
            lock (_socketTimerDelays) return _socketTimerDelays.Count;
        }
    }

    /// <summary>The delay of each socket timer wake-up scheduled so far, in order.</summary>
    public IReadOnlyList<TimeSpan> SocketTimerDelays
    {
        get
        {
            lock (_socketTimerDelays) return [.. _socketTimerDelays];
        }
    }

    void ITellScheduler.ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender)
    {
        Record(delay, message);
        ScheduleTellOnce(delay, receiver, message, sender);
    }

    void ITellScheduler.ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable)
    {
        Record(delay, message);
        ScheduleTellOnce(delay, receiver, message, sender, cancelable);
    }

    void ITellScheduler.ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender) =>
        ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender);

    void ITellScheduler.ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender,
        ICancelable cancelable) =>
        ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender, cancelable);

    private void Record(TimeSpan delay, object message)
    {
        if (message is not (TimersDue or IWrappedMessage { Message: TimersDue })) return;
        lock (_socketTimerDelays) _socketTimerDelays.Add(delay);
    }
}
