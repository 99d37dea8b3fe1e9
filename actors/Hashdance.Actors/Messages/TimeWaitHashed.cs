using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>The ingress put the TIME_WAIT entry of <paramref name="Tuple"/> in place of the socket.</summary>
public sealed record TimeWaitHashed(FourTuple Tuple);
