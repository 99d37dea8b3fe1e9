namespace Hashdance.Actors.Egress;

/// <summary>What the send path does with a frame for a next hop (neigh_output's choice).</summary>
public enum NeighbourLookup
{
    /// <summary>The MAC is known: send now (neigh_connected_output / the STALE → DELAY fast path).</summary>
    Resolved,

    /// <summary>Resolution is under way or must start: hand the built frame to <see cref="NeighbourTable.Enqueue"/>.</summary>
    Queue,

    /// <summary>A table without resolution (static neighbours only) does not know the next hop.</summary>
    NoRoute,
}
