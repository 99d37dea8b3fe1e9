using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Experiments;

/// <summary>What a handshake experiment measured. Every client-side connection is matched to a server-side accept by 4-tuple.</summary>
public sealed record HandshakeExperimentResult
{
    public required int ConnectionsRequested { get; init; }
    public required int Established { get; init; }
    public required int Accepted { get; init; }
    public required int Failed { get; init; }
    public required double DurationSeconds { get; init; }
    public required LatencyStats Latency { get; init; }
    public required MibSnapshot ServerCounters { get; init; }
    public required MibSnapshot ClientCounters { get; init; }
    public required FaultCounters Faults { get; init; }

    /// <summary>Why each connect that failed failed, counted by reason.</summary>
    public required IReadOnlyDictionary<string, int> FailureReasons { get; init; }

    /// <summary>Connections the client considers established but the server never accepted, each with the reason.</summary>
    public required IReadOnlyList<string> NotAccepted { get; init; }

    public double HandshakesPerSecond => DurationSeconds > 0 ? Established / DurationSeconds : 0;

    public long SynAckRetransmits => ServerCounters[MibCounter.TcpExtTCPSynRetrans];
}
