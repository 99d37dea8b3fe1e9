using System.Diagnostics;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>
/// Measures one timed round: wall time, process CPU time (user + system, so the kernel's own work on loopback counts
/// too), bytes allocated on the managed heap by all threads, GC counts per generation and the time the GC paused the
/// process.
/// </summary>
public sealed class RoundMeter
{
    private readonly Stopwatch _watch = new();
    private readonly Process _process = Process.GetCurrentProcess();
    private TimeSpan _cpu;
    private TimeSpan _gcPause;
    private long _allocated;
    private int _gen0, _gen1, _gen2;

    private RoundMeter()
    {
    }

    public static RoundMeter Start()
    {
        var meter = new RoundMeter();
        meter._process.Refresh();
        meter._cpu = meter._process.TotalProcessorTime;
        meter._allocated = GC.GetTotalAllocatedBytes(precise: true);
        meter._gcPause = GC.GetTotalPauseDuration();
        meter._gen0 = GC.CollectionCount(0);
        meter._gen1 = GC.CollectionCount(1);
        meter._gen2 = GC.CollectionCount(2);
        meter._watch.Start();
        return meter;
    }

    /// <summary>Ends the round of <paramref name="operations"/> operations.</summary>
    public RoundResult Stop(int operations)
    {
        _watch.Stop();
        _process.Refresh();
        return new RoundResult(operations, _watch.Elapsed.TotalSeconds, (_process.TotalProcessorTime - _cpu).TotalSeconds,
            GC.GetTotalAllocatedBytes(precise: true) - _allocated,
            GC.CollectionCount(0) - _gen0, GC.CollectionCount(1) - _gen1, GC.CollectionCount(2) - _gen2,
            (GC.GetTotalPauseDuration() - _gcPause).TotalSeconds);
    }
}
