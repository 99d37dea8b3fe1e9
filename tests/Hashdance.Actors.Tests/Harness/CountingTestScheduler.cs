using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Hashdance.Actors.Messages;

namespace Hashdance.Actors.Tests.Harness;

/// <summary>
/// Akka.TestKit's <see cref="TestScheduler"/> that also counts the socket timer wake-ups registered with it: each
/// Akka timer a socket actor starts (IWithTimers.StartSingleTimer) is one scheduled <see cref="TimersDue"/> wrapped in
/// Akka's timer message, with its SchedulerRegistration, Cancelable and friends.
/// </summary>
/// <remarks>
/// The counting is an explicit re-implementation of <see cref="ITellScheduler"/>: Akka schedules through the
/// interface, and TestScheduler's own methods are not virtual.
/// </remarks>
public sealed class CountingTestScheduler(Config schedulerConfig, ILoggingAdapter log) : TestScheduler(schedulerConfig, log), ITellScheduler
{
    private int _socketTimerRegistrations;

    /// <summary>Socket timer wake-ups scheduled so far.</summary>
    public int SocketTimerRegistrations => Volatile.Read(ref _socketTimerRegistrations);

    void ITellScheduler.ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender)
    {
        Count(message);
        ScheduleTellOnce(delay, receiver, message, sender);
    }

    void ITellScheduler.ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable)
    {
        Count(message);
        ScheduleTellOnce(delay, receiver, message, sender, cancelable);
    }

    void ITellScheduler.ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender) =>
        ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender);

    void ITellScheduler.ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender,
        ICancelable cancelable) =>
        ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender, cancelable);

    private void Count(object message)
    {
        if (message is TimersDue or IWrappedMessage { Message: TimersDue }) Interlocked.Increment(ref _socketTimerRegistrations);
    }
}
