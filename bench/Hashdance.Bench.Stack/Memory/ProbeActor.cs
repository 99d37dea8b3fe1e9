using Akka.Actor;
using Hashdance.Bench.Stack.Harness;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>The smallest actor: it only says that it has started. Measures what Akka itself holds per actor.</summary>
public sealed class ProbeActor(CountdownSignal started) : UntypedActor
{
    protected override void PreStart() => started.Increment();

    protected override void OnReceive(object message) => Unhandled(message);
}
