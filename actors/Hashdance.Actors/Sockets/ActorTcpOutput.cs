using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// The <see cref="ITcpOutput"/> of a listener or request sock: segments go straight to the stack's egress, timers to
/// the actor's one scheduled wake-up through <see cref="ShellTimers"/> (so re-arming replaces the deadline, and a
/// cancelled or moved expiry is never run). The connection actor implements <see cref="ITcpOutput"/> itself on the
/// same helpers. One instance per actor.
/// </summary>
internal sealed class ActorTcpOutput : ITcpOutput
{
    private readonly Egress.Egress _egress;
    private readonly IClock _clock;
    private readonly IActorRef _owner;
    private readonly IScheduler _scheduler;
    private ICancelable? _wakeUp;

    /// <param name="owner">The actor the wake-ups are for.</param>
    public ActorTcpOutput(Egress.Egress egress, IClock clock, IActorRef owner, IScheduler scheduler)
    {
        _egress = egress;
        _clock = clock;
        _owner = owner;
        _scheduler = scheduler;
    }

    /// <summary>The deadlines of the actor's timers; the actor runs the due ones when its <see cref="TimersDue"/> arrives.</summary>
    public TcpTimerDeadlines Deadlines { get; } = new();

    public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => _egress.SendTcp(segment, payload);

    public void ArmTimer(TcpTimer timer, long deadlineMicros) => ShellTimers.Arm(Deadlines, ref _wakeUp, _owner, _scheduler, _clock, timer, deadlineMicros);

    public void CancelTimer(TcpTimer timer) => Deadlines.Cancel(timer);

    /// <summary>Schedules the wake-up for the timers still armed once the actor has run the due ones.</summary>
    public void EndExpiry() => ShellTimers.EndExpiry(Deadlines, ref _wakeUp, _owner, _scheduler, _clock);

    /// <summary>The actor stops: cancels its pending wake-up.</summary>
    public void Stop() => ShellTimers.Stop(ref _wakeUp);

    // Listeners and request socks raise no socket events (a connection actor is its own output port).
    public void Notify(TcpSocketEvent socketEvent)
    {
    }
}
