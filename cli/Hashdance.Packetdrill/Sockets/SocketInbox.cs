using Akka.Actor;

namespace Hashdance.Packetdrill.Sockets;

/// <summary>
/// The actor a script socket talks to the stack through (commander and handler in Akka.IO's terms). It hands every
/// message, with its sender, to the socket layer at once; under the calling-thread dispatcher that happens inside
/// the Tell that caused it.
/// </summary>
public sealed class SocketInbox(Action<object, IActorRef> deliver) : UntypedActor
{
    public static Props Props(Action<object, IActorRef> deliver) => Akka.Actor.Props.Create(() => new SocketInbox(deliver));

    protected override void OnReceive(object message) => deliver(message, Sender);
}
