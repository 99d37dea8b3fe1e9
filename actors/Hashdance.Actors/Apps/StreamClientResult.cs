using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Apps;

/// <summary>What one <see cref="StreamClient"/> connection did: addresses, bytes and SHA-256 each way, or its error.</summary>
public sealed record StreamClientResult(
    bool Connected,
    Ipv4Endpoint Local,
    Ipv4Endpoint Remote,
    long BytesSent,
    long BytesReceived,
    byte[] SentSha256,
    byte[] ReceivedSha256,
    string? Error)
{
    /// <summary>Connected, everything sent, both FINs exchanged, no error.</summary>
    public bool Succeeded => Connected && Error is null;
}
