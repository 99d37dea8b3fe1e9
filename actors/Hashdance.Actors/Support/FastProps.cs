using Akka.Actor;

namespace Hashdance.Actors.Support;

/// <summary>
/// Props for actors spawned on the per-connection path (request socks, connections). <c>Props.Create(() => new
/// X(args))</c> evaluates its argument expressions by compiling them on every call, which cost more than the rest of
/// a handshake together; a producer delegate creates the actor directly. Such props are local-only: socket actors
/// are spawned by their parent on its own node. They use the <see cref="CompactMailbox"/>.
/// </summary>
public static class FastProps
{
    private static readonly Deploy SocketDeploy = new Deploy().WithMailbox(CompactMailbox.ConfigPath);

    // Props' constructor that takes a producer and a deploy is internal, so the deploy costs one props copy per spawn.
    public static Props Of<TActor>(Func<TActor> factory) where TActor : ActorBase =>
        Props.CreateBy(new DelegateProducer<TActor>(factory)).WithDeploy(SocketDeploy);

    private sealed class DelegateProducer<TActor>(Func<TActor> factory) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
