using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The socket is in the ehash: segments for <paramref name="Tuple"/> now reach it.</summary>
public sealed record Hashed(FourTuple Tuple);
