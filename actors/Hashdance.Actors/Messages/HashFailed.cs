using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The ehash already holds <paramref name="Tuple"/>; the socket that asked must go away silently.</summary>
public sealed record HashFailed(FourTuple Tuple);
