using Hashdance.Actors.Experiments;

namespace Hashdance.Bench.Stack.Flood;

/// <summary>Connect latencies in microseconds, added from an actor and read by the benchmark.</summary>
public sealed class LatencyLog
{
    private readonly List<long> _micros = new();

    public void Add(long micros)
    {
        lock (_micros) _micros.Add(micros);
    }

    public LatencyStats Stats()
    {
        lock (_micros) return LatencyStats.From(_micros.ToList());
    }
}
