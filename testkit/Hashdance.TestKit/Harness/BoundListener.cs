using Akka.Actor;
using Akka.TestKit;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>A listener bound through the stack's manager: its actor, the probe that handles accepted children, and its address.</summary>
public sealed record BoundListener(IActorRef Listener, TestProbe Handler, Ipv4Endpoint Address);
