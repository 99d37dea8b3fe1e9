using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// Register a listener for (address, port) in the listener table; answered with <see cref="ListenerAdded"/> or a
/// failure. With <paramref name="ReusePort"/> (SO_REUSEPORT) it joins the address's reuseport group, which may span
/// nodes, instead of failing with EADDRINUSE when every listener already there set it too.
/// </summary>
public sealed record ListenerAdd(Ipv4Endpoint LocalAddress, IActorRef Listener, bool ReusePort = false);
