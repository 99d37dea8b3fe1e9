using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>Register a listener for (address, port) in the listener table; answered with <see cref="ListenerAdded"/> or a failure.</summary>
public sealed record ListenerAdd(Ipv4Endpoint LocalAddress, IActorRef Listener);
