using Akka.Actor;

namespace Hashdance.Actors.Api;

/// <summary>Names the actor that receives this connection's data and close events, as in Akka.IO.</summary>
public sealed record Register(IActorRef Handler) : TcpCommand;
