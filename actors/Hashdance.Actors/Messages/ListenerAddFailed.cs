using Hashdance.Actors.Api;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The address is in use (EADDRINUSE) or not ours (EADDRNOTAVAIL).</summary>
public sealed record ListenerAddFailed(Ipv4Endpoint LocalAddress, SocketError Error, string Reason);
