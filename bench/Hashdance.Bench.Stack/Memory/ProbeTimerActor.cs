using Akka.Actor;
using Hashdance.Bench.Stack.Harness;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>The smallest actor with timers (<see cref="IWithTimers"/>, as every socket actor has), none armed.</summary>
public sealed class ProbeTimerActor(CountdownSignal started) : UntypedActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => started.Increment();

    protected override void OnReceive(object message) => Unhandled(message);
}
