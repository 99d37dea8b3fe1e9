namespace Hashdance.Packetdrill.Config;

/// <summary>
/// The packetdrill flags that shape a run (from the script's <c>--flag</c> lines or the runner): timing tolerance,
/// the TS clock used to compare TSvals, segment aggregation, and the IP family.
/// </summary>
public sealed record RunOptions
{
    /// <summary>--tolerance_usecs (default 4000).</summary>
    public long ToleranceMicros { get; init; } = 4000;

    /// <summary>--tolerance_percent (default 12.5): of the script time since the previous event.</summary>
    public double TolerancePercent { get; init; } = 12.5;

    /// <summary>--tcp_ts_tick_usecs: when set, outbound TSvals are compared at this tick; otherwise only rebased.</summary>
    public long? TsTickMicros { get; init; }

    /// <summary>--tcp_ts_ecr_scaled: inbound TSecr values are not rewritten through the TSval map.</summary>
    public bool TsEcrScaled { get; init; }

    /// <summary>--strict_segments: no aggregation of consecutive outbound segments.</summary>
    public bool StrictSegments { get; init; }

    /// <summary>--ip_version: ipv4, ipv6 or ipv4-mapped-ipv6.</summary>
    public string IpVersion { get; init; } = "ipv4";

    /// <summary>The slack allowed around an event expected <paramref name="sinceLastMicros"/> after the previous one.</summary>
    public long Tolerance(long sinceLastMicros) =>
        Math.Max(ToleranceMicros, (long)(TolerancePercent / 100.0 * Math.Max(0, sinceLastMicros)));
}
