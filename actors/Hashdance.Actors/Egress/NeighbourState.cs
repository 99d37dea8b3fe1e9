namespace Hashdance.Actors.Egress;

/// <summary>An ARP entry's state. Mirrors the NUD_* states of include/uapi/linux/neighbour.h (NUD_NONE is "no entry").</summary>
public enum NeighbourState
{
    /// <summary>NUD_INCOMPLETE: resolving; frames wait in the entry's queue.</summary>
    Incomplete,

    /// <summary>NUD_REACHABLE: confirmed within reachable_time.</summary>
    Reachable,

    /// <summary>NUD_STALE: usable, but unconfirmed; the next use starts a re-check.</summary>
    Stale,

    /// <summary>NUD_DELAY: used while stale; waits delay_first_probe_time for a confirmation before probing.</summary>
    Delay,

    /// <summary>NUD_PROBE: unicast ARP probes to the known address.</summary>
    Probe,

    /// <summary>NUD_FAILED: resolution gave up; the next frame starts over.</summary>
    Failed,

    /// <summary>NUD_PERMANENT: a static entry; never probed, never replaced by ARP.</summary>
    Permanent,
}
