using Akka.Actor;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Experiments;

/// <summary>The server's bind handler in the transfer experiment: a <see cref="TransferEndpoint"/> for each accepted connection.</summary>
public sealed class TransferAcceptor(IActorRef collector, long bytes, int chunkSize, int seed) : UntypedActor
{
    private int _accepted;

    public static Props Props(IActorRef collector, long bytes, int chunkSize, int seed) =>
        Akka.Actor.Props.Create(() => new TransferAcceptor(collector, bytes, chunkSize, seed));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected connected:
                _accepted++;
                Context.ActorOf(TransferEndpoint.Server(Sender, connected, collector, bytes, chunkSize, seed * 1_000_003 + 2 * _accepted + 1));
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
