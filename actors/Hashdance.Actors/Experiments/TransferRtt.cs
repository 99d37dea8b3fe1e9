namespace Hashdance.Actors.Experiments;

/// <summary>
/// The smoothed RTT (srtt, tcpi_rtt) over a transfer's sockets, in microseconds: smallest, mean and largest of the
/// <see cref="Sockets"/> that reported one (0 when none did).
/// </summary>
public readonly record struct TransferRtt(long MinMicros, double MeanMicros, long MaxMicros, int Sockets)
{
    public static TransferRtt From(IEnumerable<long> srttMicros)
    {
        long min = long.MaxValue, max = 0, sum = 0;
        var count = 0;
        foreach (var s in srttMicros)
        {
            min = Math.Min(min, s);
            max = Math.Max(max, s);
            sum += s;
            count++;
        }
        return count == 0 ? default : new TransferRtt(min, (double)sum / count, max, count);
    }
}
