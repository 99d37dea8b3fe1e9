namespace Hashdance.Protocol.Mib;

/// <summary>
/// One stack's MIB counters: lock-free, written by whichever actor counts, read by snapshots and by the
/// System.Diagnostics.Metrics publisher. Mirrors the per-netns SNMP_INC_STATS / NET_INC_STATS counters.
/// </summary>
public sealed class MibCounters
{
    private readonly long[] _values = new long[MibCounterNames.Count];

    public void Increment(MibCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    public void Add(MibCounter counter, long amount) => Interlocked.Add(ref _values[(int)counter], amount);

    public long this[MibCounter counter] => Volatile.Read(ref _values[(int)counter]);

    public MibSnapshot Snapshot()
    {
        var copy = new long[_values.Length];
        for (var i = 0; i < copy.Length; i++) copy[i] = Volatile.Read(ref _values[i]);
        return new MibSnapshot(copy);
    }
}
