using Hashdance.Actors.Stack;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>The failure a <see cref="CrashPlan"/> throws inside a socket actor at a <see cref="CrashPoint"/>.</summary>
public sealed class InjectedCrashException(CrashPoint point, FourTuple tuple)
    : Exception($"injected crash at {point} for {tuple}")
{
    public CrashPoint Point { get; } = point;
    public FourTuple Tuple { get; } = tuple;
}
