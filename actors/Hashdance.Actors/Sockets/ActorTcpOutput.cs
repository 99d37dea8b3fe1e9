using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// The <see cref="ITcpOutput"/> of a socket actor: segments go straight to the stack's egress, timers to the
/// actor's <see cref="ITimerScheduler"/> keyed by kind (so re-arming replaces, and the old expiry is never
/// delivered), events to the shell. One instance per actor; the <see cref="TimerFired"/> messages and the boxed
/// timer keys are cached per kind, so arming a timer allocates nothing beyond Akka's own timer entry (about half a
/// kilobyte, on nearly every ACK for the RTO: see docs/performance.md).
/// </summary>
public sealed class ActorTcpOutput : ITcpOutput
{
    private static readonly TimerFired[] TimerMessages = BuildTimerMessages();
    private static readonly object[] TimerKeys = Enum.GetValues<TcpTimer>().Select(k => (object)k).ToArray();

    private readonly Egress.Egress _egress;
    private readonly IClock _clock;
    private readonly Func<ITimerScheduler> _timers;
    private readonly Action<TcpSocketEvent> _notify;

    public ActorTcpOutput(Egress.Egress egress, IClock clock, Func<ITimerScheduler> timers, Action<TcpSocketEvent> notify)
    {
        _egress = egress;
        _clock = clock;
        _timers = timers;
        _notify = notify;
    }

    public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => _egress.SendTcp(segment, payload);

    public void ArmTimer(TcpTimer timer, long deadlineMicros)
    {
        var delay = Math.Max(0, deadlineMicros - _clock.NowMicros);
        _timers().StartSingleTimer(TimerKeys[(int)timer], TimerMessages[(int)timer], TimeSpan.FromTicks(delay * 10));
    }

    public void CancelTimer(TcpTimer timer) => _timers().Cancel(TimerKeys[(int)timer]);

    public void Notify(TcpSocketEvent socketEvent) => _notify(socketEvent);

    private static TimerFired[] BuildTimerMessages()
    {
        var kinds = Enum.GetValues<TcpTimer>();
        var messages = new TimerFired[kinds.Length];
        foreach (var kind in kinds) messages[(int)kind] = new TimerFired(kind);
        return messages;
    }
}
