using Akka.Actor;
using Akka.IO;

namespace Hashdance.Actors.Apps;

/// <summary>The discard service (RFC 863) on one connection: everything received is counted and dropped.</summary>
public sealed class DiscardHandler(IActorRef connection, AppCounters counters) : StreamHandler(connection, counters)
{
    public static Props Props(IActorRef connection, AppCounters counters) => Akka.Actor.Props.Create(() => new DiscardHandler(connection, counters));

    protected override void OnData(ByteString data)
    {
    }
}
