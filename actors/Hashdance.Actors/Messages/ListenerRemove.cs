using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>Unhash a listener (inet_unhash on close); only the registered listener can remove its entry.</summary>
public sealed record ListenerRemove(Ipv4Endpoint LocalAddress, IActorRef Listener);
