using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// A socket actor's timers on the Akka scheduler: the kinds' deadlines live in a <see cref="TcpTimerDeadlines"/>, and
/// the actor has ONE scheduled wake-up (<see cref="TimersDue"/>), at the earliest deadline, re-scheduled only when that
/// deadline moves earlier or the wake-up has fired. A scheduler entry costs about 300 bytes, and the core re-arms the
/// RTO on nearly every ACK; here a later deadline costs nothing (see docs/performance.md). The actor needs no
/// IWithTimers (whose TimerScheduler costs every socket about 170 bytes): the wake-up's generation does what the
/// TimerScheduler's does, telling a replaced wake-up from the pending one.
/// </summary>
internal static class ShellTimers
{
    /// <summary>Records <paramref name="timer"/>'s deadline; schedules the wake-up only when it moves earlier.</summary>
    public static void Arm(TcpTimerDeadlines deadlines, ref ICancelable? wakeUp, IActorRef owner, IScheduler scheduler, IClock clock,
        TcpTimer timer, long deadlineMicros)
    {
        if (deadlines.Arm(timer, deadlineMicros)) Schedule(deadlines, ref wakeUp, owner, scheduler, clock.NowMicros, deadlineMicros, minimumTicks: 0);
    }

    /// <summary>
    /// After the actor has run the due kinds (<see cref="TcpTimerDeadlines.BeginExpiry"/>, then
    /// <see cref="TcpTimerDeadlines.TryTakeDue"/> until false): schedules the wake-up for what is still armed.
    /// </summary>
    public static void EndExpiry(TcpTimerDeadlines deadlines, ref ICancelable? wakeUp, IActorRef owner, IScheduler scheduler, IClock clock)
    {
        // A kind re-armed by its own handler for an instant already past fires on the scheduler's next turn: at
        // least one tick on (a zero delay could land in the scheduler slot being run, which Akka.TestKit's
        // TestScheduler drops once the slot is done).
        if (deadlines.EndExpiry(out var wakeAt)) Schedule(deadlines, ref wakeUp, owner, scheduler, clock.NowMicros, wakeAt, minimumTicks: 1);
        else wakeUp = null;
    }

    /// <summary>The actor stops: its pending wake-up goes (as IWithTimers cancels an actor's timers when it stops).</summary>
    public static void Stop(ref ICancelable? wakeUp)
    {
        wakeUp?.Cancel();
        wakeUp = null;
    }

    private static void Schedule(TcpTimerDeadlines deadlines, ref ICancelable? wakeUp, IActorRef owner, IScheduler scheduler, long nowMicros,
        long deadlineMicros, long minimumTicks)
    {
        wakeUp?.Cancel();
        var ticks = Math.Max(minimumTicks, (deadlineMicros - nowMicros) * TimeSpan.TicksPerMicrosecond);
        wakeUp = scheduler.ScheduleTellOnceCancelable(TimeSpan.FromTicks(ticks), owner, new TimersDue(deadlines.WakeGeneration), owner);
    }
}
