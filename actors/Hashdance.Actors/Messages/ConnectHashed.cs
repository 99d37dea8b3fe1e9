using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The active-open socket owns <paramref name="Tuple"/>.</summary>
public sealed record ConnectHashed(FourTuple Tuple);
