using Akka.Actor;
using Hashdance.Actors.Api;

namespace Hashdance.Bench.Stack.Drivers;

/// <summary>
/// A server's bind handler in the benchmarks: registers itself for each accepted connection (the Akka.IO contract),
/// counts it and keeps nothing about it, so the connection ends only when the client ends it and the heap measured
/// afterwards is the stack's. The tally is read when the benchmark asks, so it can be swapped between rounds.
/// </summary>
public sealed class AcceptingHandler(Func<ConnectTally> tally) : UntypedActor
{
    public static Props Props(Func<ConnectTally> tally) => Akka.Actor.Props.Create(() => new AcceptingHandler(tally));

    protected override void OnReceive(object message)
    {
        if (message is Connected)
        {
            tally().OnServerAccepted();
            Sender.Tell(new Register(Self));
        }
        else if (message is not TcpEvent)
        {
            Unhandled(message);
        }
    }
}
