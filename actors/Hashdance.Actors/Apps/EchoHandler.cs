using Akka.Actor;
using Akka.IO;

namespace Hashdance.Actors.Apps;

/// <summary>The echo service (RFC 862) on one connection: everything received is sent back.</summary>
public sealed class EchoHandler(IActorRef connection, AppCounters counters) : StreamHandler(connection, counters)
{
    public static Props Props(IActorRef connection, AppCounters counters) => Akka.Actor.Props.Create(() => new EchoHandler(connection, counters));

    protected override void OnData(ByteString data) => Send(data);
}
