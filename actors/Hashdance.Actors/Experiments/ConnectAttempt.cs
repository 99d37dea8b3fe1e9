using Akka.Actor;
using Hashdance.Actors.Support;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Experiments;

/// <summary>One connect() of an experiment: sends <see cref="Connect"/>, times it, registers the connection and reports the outcome to its parent.</summary>
public sealed class ConnectAttempt : UntypedActor
{
    private readonly IActorRef _manager;
    private readonly Ipv4Endpoint _server;
    private readonly IClock _clock;
    private long _startedMicros;

    public ConnectAttempt(IActorRef manager, Ipv4Endpoint server, IClock clock)
    {
        _manager = manager;
        _server = server;
        _clock = clock;
    }

    public static Props Props(IActorRef manager, Ipv4Endpoint server, IClock clock) =>
        FastProps.Of(() => new ConnectAttempt(manager, server, clock));

    /// <summary>The connect finished: <paramref name="Local"/> is set when it succeeded, <paramref name="Failure"/> when not.</summary>
    public sealed record Outcome(Ipv4Endpoint? Local, long LatencyMicros, string? Failure);

    protected override void PreStart()
    {
        _startedMicros = _clock.NowMicros;
        _manager.Tell(new Connect(_server));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected connected:
                Sender.Tell(new Register(Context.Parent));
                Context.Parent.Tell(new Outcome(connected.LocalAddress, _clock.NowMicros - _startedMicros, null));
                Context.Stop(Self);
                break;
            case CommandFailed failed:
                Context.Parent.Tell(new Outcome(null, _clock.NowMicros - _startedMicros, $"{failed.Error}: {failed.Reason}"));
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
