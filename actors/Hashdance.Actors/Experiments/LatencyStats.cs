namespace Hashdance.Actors.Experiments;

/// <summary>Handshake latency percentiles in milliseconds (nearest-rank).</summary>
public sealed record LatencyStats(double P50, double P99, double Max)
{
    public static LatencyStats From(IReadOnlyList<long> micros)
    {
        if (micros.Count == 0) return new LatencyStats(0, 0, 0);
        var sorted = micros.ToArray();
        Array.Sort(sorted);
        return new LatencyStats(Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1] / 1000.0);
    }

    private static double Rank(long[] sorted, double p)
    {
        var index = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)] / 1000.0;
    }
}
