namespace Hashdance.Bench.Stack.Harness;

/// <summary>One timed round of <see cref="Operations"/> operations (handshakes, SYNs...).</summary>
public sealed record RoundResult(int Operations, double Seconds, double CpuSeconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public double PerSecond => Operations / Seconds;

    public double CpuMicrosPerOperation => CpuSeconds * 1e6 / Operations;

    public double AllocatedBytesPerOperation => (double)AllocatedBytes / Operations;
}
