using Hashdance.NicIo;

namespace Hashdance.Actors.Experiments;

/// <summary>What <c>hashdance experiment handshake</c> runs: how many connections, how many at once, which faults.</summary>
public sealed record HandshakeExperimentOptions
{
    public int Connections { get; init; } = 1000;
    public int Concurrency { get; init; } = 100;

    /// <summary>Faults applied to every frame each stack sends (so both directions see them).</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    public int Syncookies { get; init; } = 1;
    public int Backlog { get; init; } = 4096;
    public int Seed { get; init; } = 1;

    /// <summary>Write a capture of the client's link here (as tcpdump on the client host would see it).</summary>
    public string? PcapPath { get; init; }

    /// <summary>
    /// How long, in stack time, to wait for stragglers after the last connect returns: 65 s covers the whole SYN-ACK
    /// retry budget (retransmissions at 1, 3, 7, 15 and 31 s, expiry at 63 s), so a lost final ACK still completes.
    /// </summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(65);

    public ushort ServerPort { get; init; } = 8080;
}
