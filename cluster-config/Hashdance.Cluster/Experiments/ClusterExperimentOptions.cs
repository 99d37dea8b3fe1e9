namespace Hashdance.Cluster.Experiments;

/// <summary>What <c>hashdance experiment cluster</c> runs.</summary>
public sealed record ClusterExperimentOptions
{
    /// <summary>Nodes in the cluster: node 0 is the <c>nic</c> node (with the client stack on its wire), the others are <c>sockets</c> nodes.</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>Node 0 also takes the <c>sockets</c> role, so its listener joins the reuseport group too.</summary>
    public bool NicHostsSockets { get; init; }

    public int Connections { get; init; } = 300;
    public int Concurrency { get; init; } = 20;

    /// <summary>Retries of a failed connection (a RST from a dead node's flow, a timeout) before it counts as given up.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The node to kill (1 … Nodes-1), or null.</summary>
    public int? KillNode { get; init; }

    /// <summary>Kill after this many seconds of the run (wall time), if set.</summary>
    public double? KillAtSeconds { get; init; }

    /// <summary>Kill once this many connections have been served (first echo), if set: the deterministic trigger tests use.</summary>
    public int? KillAfterConnections { get; init; }

    /// <summary>net.ipv4.tcp_migrate_req on every node.</summary>
    public int MigrateReq { get; init; }

    public int Syncookies { get; init; } = 1;
    public int Seed { get; init; } = 1;
    public ushort Port { get; init; } = 8080;

    /// <summary>
    /// How long each connection stays open after its first echo before a second exchange and the close (0: close at
    /// once). A kill then finds established connections on the victim, whose peers learn of it on the second exchange.
    /// </summary>
    public TimeSpan HoldTime { get; init; } = TimeSpan.Zero;

    /// <summary>One-way delay of the in-memory wire between the client and the nic node.</summary>
    public TimeSpan WireDelay { get; init; } = TimeSpan.Zero;

    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
