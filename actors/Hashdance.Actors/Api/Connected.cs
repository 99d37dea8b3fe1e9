using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Api;

/// <summary>A connection is ESTABLISHED (sender = its actor); the receiver answers <see cref="Register"/>.</summary>
public sealed record Connected(Ipv4Endpoint RemoteAddress, Ipv4Endpoint LocalAddress) : TcpEvent;
