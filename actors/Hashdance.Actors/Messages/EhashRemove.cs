using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>Remove <paramref name="Tuple"/> if <paramref name="Socket"/> still owns it (inet_ehash unhash on close).</summary>
public sealed record EhashRemove(FourTuple Tuple, IActorRef Socket);
