using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The ingress gave <paramref name="Tuple"/> to <paramref name="Successor"/>; no more segments will reach the old owner.</summary>
public sealed record Unhashed(FourTuple Tuple, IActorRef Successor);
