using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// inet_hash_connect: choose a local port for an active open to <paramref name="Remote"/> (unless
/// <paramref name="LocalPort"/> is given) such that the 4-tuple is unused, and hash the socket. Answered with
/// <see cref="ConnectHashed"/> or <see cref="ConnectHashFailed"/>.
/// </summary>
public sealed record ConnectHash(Ipv4Endpoint Remote, ushort LocalPort, IActorRef Socket);
