namespace Hashdance.Actors.Egress;

/// <summary>
/// ARP cache tunables, with Linux's defaults (the arp_tbl parms in net/ipv4/arp.c, shown under
/// /proc/sys/net/ipv4/neigh/default/).
/// </summary>
public sealed record NeighbourParameters
{
    public static NeighbourParameters Default { get; } = new();

    /// <summary>base_reachable_time_ms: an entry stays REACHABLE for a random time in [½, 1½] of this.</summary>
    public TimeSpan BaseReachableTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>delay_first_probe_time: how long a used STALE entry waits in DELAY before probing.</summary>
    public TimeSpan DelayFirstProbeTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>retrans_time_ms: the interval between ARP requests for one entry.</summary>
    public TimeSpan RetransTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>ucast_solicit: unicast probes of a PROBE entry before it fails.</summary>
    public int UnicastProbes { get; init; } = 3;

    /// <summary>mcast_solicit: broadcast requests of an INCOMPLETE entry before it fails.</summary>
    public int MulticastProbes { get; init; } = 3;

    /// <summary>unres_qlen_bytes: bytes of frames an unresolved entry holds; the oldest are dropped beyond it.</summary>
    public int UnresolvedQueueBytes { get; init; } = 212_992;

    /// <summary>
    /// Whether the stack announces its address with a gratuitous ARP request when it starts (Linux does so on
    /// NETDEV_UP only with arp_notify = 1; off by default, and off for the in-memory wire, whose frames tests count).
    /// </summary>
    public bool AnnounceAtStart { get; init; }
}
