using Akka.Actor;
using Hashdance.Bench.Stack.Harness;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>Watches every actor it is told about, as NicIngress watches every socket it hashes.</summary>
public sealed class ProbeWatcher(CountdownSignal watched) : UntypedActor
{
    public static Props Props(CountdownSignal watched) => Akka.Actor.Props.Create(() => new ProbeWatcher(watched));

    protected override void OnReceive(object message)
    {
        if (message is IActorRef actor)
        {
            Context.Watch(actor);
            watched.Increment();
        }
        else if (message is not Terminated)
        {
            Unhandled(message);
        }
    }
}
