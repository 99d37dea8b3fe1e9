using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// Ask the ingress to add <paramref name="Tuple"/> → <paramref name="Socket"/> to the ehash (inet_ehash_insert).
/// The ingress answers the socket with <see cref="Hashed"/>, or <see cref="HashFailed"/> when the tuple is taken
/// (a duplicate request from a concurrent SYN, or a full socket already there).
/// </summary>
public sealed record EhashInsert(FourTuple Tuple, IActorRef Socket);
