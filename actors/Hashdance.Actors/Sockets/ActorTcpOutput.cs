using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// The <see cref="ITcpOutput"/> of a listener or request sock: segments go straight to the stack's egress, timers to
/// the actor's <see cref="ITimerScheduler"/> keyed by kind (so re-arming replaces, and the old expiry is never
/// delivered). The connection actor implements <see cref="ITcpOutput"/> itself with <see cref="Arm"/> and
/// <see cref="Cancel"/>. One instance per actor; the <see cref="TimerFired"/> messages and the boxed
/// timer keys are cached per kind, so arming a timer allocates nothing beyond Akka's own timer entry (about half a
/// kilobyte, on nearly every ACK for the RTO: see docs/performance.md).
/// </summary>
internal sealed class ActorTcpOutput : ITcpOutput
{
    private static readonly TimerFired[] TimerMessages = BuildTimerMessages();
    private static readonly object[] TimerKeys = Enum.GetValues<TcpTimer>().Select(k => (object)k).ToArray();

    private readonly Egress.Egress _egress;
    private readonly IClock _clock;
    private readonly IWithTimers _host;

    public ActorTcpOutput(Egress.Egress egress, IClock clock, IWithTimers host)
    {
        _egress = egress;
        _clock = clock;
        _host = host;
    }

    public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => _egress.SendTcp(segment, payload);

    public void ArmTimer(TcpTimer timer, long deadlineMicros) => Arm(_host.Timers, _clock, timer, deadlineMicros);

    /// <summary>Arms <paramref name="timer"/> on an actor's scheduler; re-arming a kind replaces its pending expiry.</summary>
    internal static void Arm(ITimerScheduler timers, IClock clock, TcpTimer timer, long deadlineMicros)
    {
        var delay = Math.Max(0, deadlineMicros - clock.NowMicros);
        timers.StartSingleTimer(TimerKeys[(int)timer], TimerMessages[(int)timer], TimeSpan.FromTicks(delay * 10));
    }

    public void CancelTimer(TcpTimer timer) => Cancel(_host.Timers, timer);

    /// <summary>Cancels <paramref name="timer"/> on an actor's scheduler, with the cached boxed key.</summary>
    internal static void Cancel(ITimerScheduler timers, TcpTimer timer) => timers.Cancel(TimerKeys[(int)timer]);

    // Listeners and request socks raise no socket events (a connection actor is its own output port).
    public void Notify(TcpSocketEvent socketEvent)
    {
    }

    private static TimerFired[] BuildTimerMessages()
    {
        var kinds = Enum.GetValues<TcpTimer>();
        var messages = new TimerFired[kinds.Length];
        foreach (var kind in kinds) messages[(int)kind] = new TimerFired(kind);
        return messages;
    }
}
