using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The request was already gone when its child tried to take its place (the kernel's req_stolen / !own_req).</summary>
public sealed record ReplaceFailed(FourTuple Tuple, IActorRef Child);
