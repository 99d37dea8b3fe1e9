using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Experiments;

/// <summary>The server's bind handler in an experiment: registers every accepted connection and remembers its peer.</summary>
public sealed class AcceptRecorder : UntypedActor
{
    private readonly HashSet<Ipv4Endpoint> _accepted = new();

    public static Props Props() => Akka.Actor.Props.Create(() => new AcceptRecorder());

    /// <summary>Asks for the peers accepted so far.</summary>
    public sealed record GetAccepted
    {
        public static GetAccepted Instance { get; } = new();
    }

    public sealed record AcceptedPeers(IReadOnlySet<Ipv4Endpoint> Peers);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected connected:
                _accepted.Add(connected.RemoteAddress);
                Sender.Tell(new Register(Self));
                break;
            case GetAccepted:
                Sender.Tell(new AcceptedPeers(new HashSet<Ipv4Endpoint>(_accepted)));
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
