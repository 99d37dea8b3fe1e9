using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;

namespace Hashdance.Cluster.Experiments;

/// <summary>
/// The bind handler of a <c>sockets</c> node in the cluster experiment: registers itself for every accepted
/// connection and echoes what it receives with this node's index appended, so the client learns which node served it.
/// </summary>
public sealed class EchoAcceptor(byte nodeIndex) : UntypedActor
{
    public static Props Props(byte nodeIndex) => Akka.Actor.Props.Create(() => new EchoAcceptor(nodeIndex));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected:
                Sender.Tell(new Register(Self));
                break;
            case Received received:
                Sender.Tell(new Write(received.Data.Concat(ByteString.FromBytes([nodeIndex]))));
                break;
            case PeerClosed:
                Sender.Tell(Close.Instance);
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
