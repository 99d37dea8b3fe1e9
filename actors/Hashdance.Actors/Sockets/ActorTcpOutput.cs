using Akka.Actor;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// The <see cref="ITcpOutput"/> of a listener or request sock: segments go straight to the stack's egress, timers to
/// the actor's one Akka timer through <see cref="ShellTimers"/> (so re-arming replaces the deadline, and a cancelled
/// or moved expiry is never run). The connection actor implements <see cref="ITcpOutput"/> itself on the same
/// helpers. One instance per actor.
/// </summary>
internal sealed class ActorTcpOutput : ITcpOutput
{
    private readonly Egress.Egress _egress;
    private readonly IClock _clock;
    private readonly IWithTimers _host;

    public ActorTcpOutput(Egress.Egress egress, IClock clock, IWithTimers host)
    {
        _egress = egress;
        _clock = clock;
        _host = host;
    }

    /// <summary>The deadlines of the actor's timers; the actor runs the due ones when <see cref="Messages.TimersDue"/> arrives.</summary>
    public TcpTimerDeadlines Deadlines { get; } = new();

    public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => _egress.SendTcp(segment, payload);

    public void ArmTimer(TcpTimer timer, long deadlineMicros) => ShellTimers.Arm(Deadlines, _host.Timers, _clock, timer, deadlineMicros);

    public void CancelTimer(TcpTimer timer) => Deadlines.Cancel(timer);

    /// <summary>Schedules the wake-up for the timers still armed once the actor has run the due ones.</summary>
    public void EndExpiry() => ShellTimers.EndExpiry(Deadlines, _host.Timers, _clock);

    // Listeners and request socks raise no socket events (a connection actor is its own output port).
    public void Notify(TcpSocketEvent socketEvent)
    {
    }
}
