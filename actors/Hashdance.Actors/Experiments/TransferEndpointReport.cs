using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// What one end of a transfer connection saw: the SHA-256 of what it sent and of what it received, how much it
/// received, the error that ended it (null when it closed in order), and its socket's smoothed RTT (tcpi_rtt) when
/// its whole stream was queued (null if the connection ended before).
/// </summary>
public sealed record TransferEndpointReport(
    bool IsClient, Ipv4Endpoint Local, Ipv4Endpoint Remote, byte[] SentHash, byte[] ReceivedHash, long ReceivedBytes, string? Error,
    long? SrttMicros = null);
