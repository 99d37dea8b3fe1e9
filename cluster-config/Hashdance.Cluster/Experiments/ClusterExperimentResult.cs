using Hashdance.Actors.Experiments;

namespace Hashdance.Cluster.Experiments;

/// <summary>What a cluster experiment measured, per node and in total.</summary>
public sealed record ClusterExperimentResult
{
    public required IReadOnlyList<ClusterNodeReport> Nodes { get; init; }
    public required int ConnectionsRequested { get; init; }
    public required int Handshakes { get; init; }
    public required double DurationSeconds { get; init; }
    public required LatencyStats Latency { get; init; }

    /// <summary>Pending requests moved to a surviving group member (TcpExtTCPMigrateReqSuccess on the nic node) and those that found none.</summary>
    public required long MigratedRequests { get; init; }
    public required long MigrationFailures { get; init; }

    /// <summary>RSTs sent by the stack (the nic node's stateless resets plus every sockets node's this process can read), and connects and connections the clients saw reset or refused.</summary>
    public required long RstsSent { get; init; }
    public required long ResetsSeenByClients { get; init; }

    /// <summary>Established connections that failed before their echo; those whose retry then succeeded; flows that gave up.</summary>
    public required int ConnectionsLost { get; init; }
    public required int ConnectionsRecovered { get; init; }
    public required int GaveUp { get; init; }

    public required IReadOnlyDictionary<string, int> Failures { get; init; }
    public int? KilledNode { get; init; }

    /// <summary>ehash entries and listener-table entries on the nic node still owned by the killed node after the run (must be 0).</summary>
    public int LeftoverEntriesOfKilledNode { get; init; }

    public double HandshakesPerSecond => DurationSeconds > 0 ? Handshakes / DurationSeconds : 0;
}
