using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Api;

/// <summary>The listener is in LISTEN; sent to the <see cref="Bind"/> commander (sender = the listener actor).</summary>
public sealed record Bound(Ipv4Endpoint LocalAddress) : TcpEvent;
