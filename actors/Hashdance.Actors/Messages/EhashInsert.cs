using Akka.Actor;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// Ask the ingress to add <paramref name="Tuple"/> → <paramref name="Socket"/> to the ehash (inet_ehash_insert).
/// The ingress answers the socket with <see cref="Hashed"/>, or <see cref="HashFailed"/> when the tuple is taken
/// (a duplicate request from a concurrent SYN, or a full socket already there). A listener in a reuseport group
/// with tcp_migrate_req = 1 sends a request sock's <paramref name="Request"/> along, so the ingress can hand it to
/// a surviving member (reuseport_migrate_sock) if the listener or its node goes away.
/// </summary>
public sealed record EhashInsert(FourTuple Tuple, IActorRef Socket, RequestSockState? Request = null);
