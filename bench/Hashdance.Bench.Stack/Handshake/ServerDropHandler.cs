using Akka.Actor;
using Hashdance.Actors.Api;

namespace Hashdance.Bench.Stack.Handshake;

/// <summary>
/// The server's bind handler in the handshake benchmark: registers each accepted connection (the Akka.IO contract)
/// and does nothing else with it, so the connection ends when the client's RST arrives; counts accepts.
/// </summary>
public sealed class ServerDropHandler(HandshakeTally tally) : UntypedActor
{
    public static Props Props(HandshakeTally tally) => Akka.Actor.Props.Create(() => new ServerDropHandler(tally));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected:
                tally.OnServerAccepted();
                Sender.Tell(new Register(Self));
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
