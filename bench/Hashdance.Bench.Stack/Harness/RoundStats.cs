using System.Globalization;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>Mean and sample standard deviation of per-round figures.</summary>
public readonly record struct RoundStats(double Mean, double StdDev, int Rounds)
{
    public static RoundStats Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new RoundStats(double.NaN, double.NaN, 0);
        var mean = values.Average();
        var variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return new RoundStats(mean, Math.Sqrt(variance), values.Count);
    }

    /// <summary>"mean ± stddev" with <paramref name="format"/> for both.</summary>
    public string Format(string format) =>
        string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StdDev.ToString(format, CultureInfo.InvariantCulture)}");
}
