namespace Hashdance.Bench.Stack.Memory;

/// <summary>One idle-connection measurement: the live heap added by <see cref="Connections"/> connections.</summary>
public sealed record IdlePhaseResult(string Name, int Connections, long HeapBefore, long HeapAfter, double SetupSeconds)
{
    public double BytesPerConnection => (double)(HeapAfter - HeapBefore) / Connections;
}
