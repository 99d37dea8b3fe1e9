namespace Hashdance.Bench.Stack.Harness;

/// <summary>One timed round of <see cref="Operations"/> operations (handshakes, SYNs...).</summary>
public sealed record RoundResult(int Operations, double Seconds, double CpuSeconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2,
    double GcPauseSeconds)
{
    public double PerSecond => Operations / Seconds;

    public double CpuMicrosPerOperation => CpuSeconds * 1e6 / Operations;

    public double AllocatedBytesPerOperation => (double)AllocatedBytes / Operations;

    /// <summary>Share of the round's wall time during which the GC had the process paused.</summary>
    public double GcPauseShare => GcPauseSeconds / Seconds;
}
