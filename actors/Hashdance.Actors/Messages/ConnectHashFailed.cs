using Hashdance.Actors.Api;

namespace Hashdance.Actors.Messages;

/// <summary>No usable local port (EADDRNOTAVAIL) or the given tuple is taken (EADDRINUSE).</summary>
public sealed record ConnectHashFailed(SocketError Error, string Reason);
