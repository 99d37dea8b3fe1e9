using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// The <see cref="ITcpOutput"/> of a socket actor: segments go straight to the stack's egress, timers to the
/// actor's <see cref="ITimerScheduler"/> keyed by kind, events to the shell. One instance per actor; the
/// <see cref="TimerFired"/> messages and the boxed keys are cached per kind.
/// </summary>
/// <remarks>
/// Re-arming is lazy, as sk_reset_timer's callers in Linux are: the core pushes the RTO (and other deadlines) later on
/// almost every ACK, and an Akka timer entry costs about half a kilobyte, so a later deadline only records the new
/// time while the entry already scheduled stays; when that entry fires early, <see cref="TryExpire"/> re-arms it for
/// the rest. An earlier deadline replaces the entry. A cancelled timer's entry fires into nothing.
/// </remarks>
public sealed class ActorTcpOutput : ITcpOutput
{
    private static readonly TimerFired[] TimerMessages = BuildTimerMessages();
    private static readonly object[] TimerKeys = Enum.GetValues<TcpTimer>().Select(k => (object)k).ToArray();

    // Per kind: the deadline the core wants (NotArmed when none) and when the Akka entry in flight fires (NotArmed when none).
    private const long NotArmed = long.MinValue;
    private readonly long[] _deadline = Filled(NotArmed);
    private readonly long[] _scheduledFor = Filled(NotArmed);

    private readonly Egress.Egress _egress;
    private readonly IClock _clock;
    private readonly Func<ITimerScheduler> _timers;
    private readonly Action<TcpSocketEvent> _notify;
    private readonly bool _lazyRearm;

    /// <param name="lazyRearm">Lazy re-arming (see the remarks): the owner must then pass every <see cref="TimerFired"/> through <see cref="TryExpire"/>.</param>
    public ActorTcpOutput(Egress.Egress egress, IClock clock, Func<ITimerScheduler> timers, Action<TcpSocketEvent> notify, bool lazyRearm = false)
    {
        _lazyRearm = lazyRearm;
        _egress = egress;
        _clock = clock;
        _timers = timers;
        _notify = notify;
    }

    public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => _egress.SendTcp(segment, payload);

    public void ArmTimer(TcpTimer timer, long deadlineMicros)
    {
        var k = (int)timer;
        _deadline[k] = deadlineMicros;
        if (_lazyRearm && _scheduledFor[k] != NotArmed && _scheduledFor[k] <= deadlineMicros) return;
        Schedule(k, deadlineMicros);
    }

    public void CancelTimer(TcpTimer timer)
    {
        _deadline[(int)timer] = NotArmed;
        if (_lazyRearm) return;
        _scheduledFor[(int)timer] = NotArmed;
        _timers().Cancel(TimerKeys[(int)timer]);
    }

    /// <summary>
    /// The Akka entry of <paramref name="timer"/> fired: true when the core's deadline has come (the timer is then
    /// disarmed); false when it was cancelled, or moved later (re-armed for the rest).
    /// </summary>
    public bool TryExpire(TcpTimer timer)
    {
        var k = (int)timer;
        _scheduledFor[k] = NotArmed;
        var deadline = _deadline[k];
        if (deadline == NotArmed) return false;
        if (deadline > _clock.NowMicros)
        {
            Schedule(k, deadline);
            return false;
        }
        _deadline[k] = NotArmed;
        return true;
    }

    private void Schedule(int k, long deadlineMicros)
    {
        _scheduledFor[k] = deadlineMicros;
        var delay = Math.Max(0, deadlineMicros - _clock.NowMicros);
        _timers().StartSingleTimer(TimerKeys[k], TimerMessages[k], TimeSpan.FromTicks(delay * 10));
    }

    private static long[] Filled(long value)
    {
        var array = new long[Enum.GetValues<TcpTimer>().Length];
        Array.Fill(array, value);
        return array;
    }

    public void Notify(TcpSocketEvent socketEvent) => _notify(socketEvent);

    private static TimerFired[] BuildTimerMessages()
    {
        var kinds = Enum.GetValues<TcpTimer>();
        var messages = new TimerFired[kinds.Length];
        foreach (var kind in kinds) messages[(int)kind] = new TimerFired(kind);
        return messages;
    }
}
