using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// Unhash a listener (inet_unhash on close); only the registered listener can remove its entry. A reuseport member
/// closing with tcp_migrate_req = 1 lists its <paramref name="UnacceptedChildren"/> with their 4-tuples, in the same
/// order (<paramref name="UnacceptedTuples"/>): the ingress moves each to the surviving member the flow hash picks, or
/// resets it when none is left.
/// </summary>
public sealed record ListenerRemove(Ipv4Endpoint LocalAddress, IActorRef Listener, IReadOnlyList<IActorRef>? UnacceptedChildren = null,
    IReadOnlyList<FourTuple>? UnacceptedTuples = null);
