using Hashdance.Actors.Experiments;

namespace Hashdance.Cluster.Experiments;

/// <summary>
/// One node's share of a cluster experiment: handshakes it served (echo received), their rate and latency, RSTs it
/// sent (null when the node ran in another process, whose counters this one cannot read).
/// </summary>
public sealed record ClusterNodeReport(int Index, IReadOnlyList<string> Roles, int Handshakes, double HandshakesPerSecond,
    LatencyStats Latency, long? RstsSent, bool Killed);
