using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The listener table entry exists; SYNs for the address now reach the listener.</summary>
public sealed record ListenerAdded(Ipv4Endpoint LocalAddress);
