namespace Hashdance.Actors.Egress;

/// <summary>
/// The ARP cache's counters, named as in /proc/net/stat/arp_cache (struct neigh_statistics) where Linux has the
/// counter; <see cref="ProbesSent"/> and <see cref="FailedDiscards"/> are Hashdance's.
/// </summary>
public sealed record NeighbourStatistics(
    int Entries,
    long Lookups,
    long Hits,
    long ResFailed,
    long UnresolvedDiscards,
    long ProbesSent,
    long FailedDiscards);
