using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Experiments;
using Hashdance.Bench.Stack.Drivers;
using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Flood;

/// <summary>
/// Opens the legitimate connections of the flood benchmark, one per <see cref="StartOne"/> (sent by the injector as
/// the flood goes on): each is a <see cref="ConnectAttempt"/> that times its connect and leaves the connection open.
/// </summary>
public sealed class LegitDriver(IActorRef manager, Ipv4Endpoint server, IClock clock, ConnectTally tally, LatencyLog latencies) : UntypedActor
{
    public sealed record StartOne
    {
        public static StartOne Instance { get; } = new();
    }

    public static Props Props(IActorRef manager, Ipv4Endpoint server, IClock clock, ConnectTally tally, LatencyLog latencies) =>
        Akka.Actor.Props.Create(() => new LegitDriver(manager, server, clock, tally, latencies));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartOne:
                Context.ActorOf(ConnectAttempt.Props(manager, server, clock));
                break;
            case ConnectAttempt.Outcome { Local: not null } outcome:
                latencies.Add(outcome.LatencyMicros);
                tally.OnEstablished();
                break;
            case ConnectAttempt.Outcome outcome:
                tally.OnFailed(outcome.Failure ?? "unknown");
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
