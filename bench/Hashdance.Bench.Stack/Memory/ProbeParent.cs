using Akka.Actor;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>
/// Spawns children for the memory breakdown, as a listener or the TCP manager does, optionally watching each one
/// (a listener watches its children) and optionally telling a second actor to watch it too (as the ingress does).
/// </summary>
public sealed class ProbeParent : UntypedActor
{
    /// <summary>Spawn <paramref name="Count"/> children from <paramref name="Props"/>.</summary>
    public sealed record SpawnChildren(int Count, Props Props, bool Watch, IActorRef? SecondWatcher);

    public static Props Props() => Akka.Actor.Props.Create(() => new ProbeParent());

    protected override void OnReceive(object message)
    {
        if (message is not SpawnChildren spawn)
        {
            Unhandled(message);
            return;
        }
        for (var i = 0; i < spawn.Count; i++)
        {
            var child = Context.ActorOf(spawn.Props);
            if (spawn.Watch) Context.Watch(child);
            spawn.SecondWatcher?.Tell(child);
        }
    }
}
