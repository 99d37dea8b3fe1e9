using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// inet_ehash_nolisten(child, req): atomically swap the request's entry for the child's. The ingress tells
/// <paramref name="Old"/> <see cref="Unhashed"/> (naming the new owner) on success; when <paramref name="Old"/> no
/// longer owns the tuple it tells the sender <see cref="ReplaceFailed"/> and the child must be destroyed.
/// </summary>
public sealed record EhashReplace(FourTuple Tuple, IActorRef Old, IActorRef New);
