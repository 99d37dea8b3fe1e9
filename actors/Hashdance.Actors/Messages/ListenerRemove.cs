using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// Unhash a listener (inet_unhash on close); only the registered listener can remove its entry. A reuseport member
/// closing with tcp_migrate_req = 1 lists its <paramref name="UnacceptedChildren"/>: the ingress moves each to a
/// surviving member, or resets it when none is left.
/// </summary>
public sealed record ListenerRemove(Ipv4Endpoint LocalAddress, IActorRef Listener, IReadOnlyList<IActorRef>? UnacceptedChildren = null);
