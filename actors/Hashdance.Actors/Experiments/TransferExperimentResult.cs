using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Experiments;

/// <summary>The outcome of a transfer experiment.</summary>
public sealed record TransferExperimentResult
{
    public int Connections { get; init; }
    public long BytesPerDirection { get; init; }

    /// <summary>Connections whose two streams both arrived complete with equal SHA-256 at both ends.</summary>
    public int IntactConnections { get; init; }

    /// <summary>Connections that ended with a reported error (reset, timeout) instead.</summary>
    public int FailedConnections { get; init; }

    /// <summary>Connections where a stream arrived complete but different (silent corruption): must be 0.</summary>
    public int CorruptConnections { get; init; }

    public bool AllIntact => IntactConnections == Connections;
    public double DurationSeconds { get; init; }

    /// <summary>Payload bits delivered (both directions) per second of stack time, in Mbit/s.</summary>
    public double ThroughputMbps { get; init; }

    /// <summary>Tcp RetransSegs of both stacks.</summary>
    public long Retransmits { get; init; }
    public bool TimedOut { get; init; }

    /// <summary>The sockets' smoothed RTTs (tcpi_rtt, µs) when their streams were queued: the smallest, mean and largest, and how many sockets reported one.</summary>
    public TransferRtt Rtt { get; init; }
    public required MibSnapshot ServerCounters { get; init; }
    public required MibSnapshot ClientCounters { get; init; }
    public FaultCounters Faults { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
}
