using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// A socket actor's timers on its <see cref="ITimerScheduler"/>: the kinds' deadlines live in a
/// <see cref="TcpTimerDeadlines"/>, and the actor has ONE Akka timer, armed at the earliest deadline and re-scheduled
/// only when that deadline moves earlier or the timer has fired. An Akka timer entry costs about 300 bytes
/// (SchedulerRegistration, CancellationTokenSource, TimerMsg...), and the core re-arms the RTO on nearly every ACK;
/// here a later deadline costs nothing (see docs/performance.md).
/// </summary>
internal static class ShellTimers
{
    private static readonly object Key = TimersDue.Instance;

    /// <summary>Records <paramref name="timer"/>'s deadline; schedules the wake-up only when it moves earlier.</summary>
    public static void Arm(TcpTimerDeadlines deadlines, ITimerScheduler timers, IClock clock, TcpTimer timer, long deadlineMicros)
    {
        if (deadlines.Arm(timer, deadlineMicros)) Schedule(timers, clock, deadlineMicros, minimumTicks: 0);
    }

    /// <summary>
    /// After the actor has run the due kinds (<see cref="TcpTimerDeadlines.BeginExpiry"/>, then
    /// <see cref="TcpTimerDeadlines.TryTakeDue"/> until false): schedules the wake-up for what is still armed.
    /// </summary>
    public static void EndExpiry(TcpTimerDeadlines deadlines, ITimerScheduler timers, IClock clock)
    {
        // A kind re-armed by its own handler for an instant already past fires on the scheduler's next turn: at
        // least one tick on (a zero delay could land in the scheduler slot being run, which Akka.TestKit's
        // TestScheduler drops once the slot is done).
        if (deadlines.EndExpiry(out var wakeAt)) Schedule(timers, clock, wakeAt, minimumTicks: 1);
    }

    private static void Schedule(ITimerScheduler timers, IClock clock, long deadlineMicros, long minimumTicks)
    {
        var ticks = Math.Max(minimumTicks, (deadlineMicros - clock.NowMicros) * TimeSpan.TicksPerMicrosecond);
        timers.StartSingleTimer(Key, TimersDue.Instance, TimeSpan.FromTicks(ticks));
    }
}
