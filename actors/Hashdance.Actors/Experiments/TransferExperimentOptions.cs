using Hashdance.NicIo;

namespace Hashdance.Actors.Experiments;

/// <summary>What <c>hashdance experiment transfer</c> runs: connections, bytes each way, faults.</summary>
public sealed record TransferExperimentOptions
{
    public int Connections { get; init; } = 1;

    /// <summary>Bytes each side sends on each connection.</summary>
    public long BytesPerDirection { get; init; } = 10L << 20;

    /// <summary>Faults applied to every frame each stack sends (so both directions see them).</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    public int Seed { get; init; } = 1;

    /// <summary>Write a capture of the client's link here.</summary>
    public string? PcapPath { get; init; }

    /// <summary>Stack time after which unfinished connections are reported as such.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The size of each Write (the next goes when the previous is acknowledged).</summary>
    public int ChunkSize { get; init; } = 64 * 1024;

    public ushort ServerPort { get; init; } = 5001;
}
