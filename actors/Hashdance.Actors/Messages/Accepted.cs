using Akka.Actor;

namespace Hashdance.Actors.Messages;

/// <summary>accept() took this child off the listener's queue; it tells <paramref name="Handler"/> <c>Connected</c>.</summary>
public sealed record Accepted(IActorRef Handler);
