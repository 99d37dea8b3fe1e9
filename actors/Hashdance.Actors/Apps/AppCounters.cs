namespace Hashdance.Actors.Apps;

/// <summary>What the serve apps did, across all connections; thread-safe, read by the CLI at any time.</summary>
public sealed class AppCounters
{
    private long _accepted;
    private long _finished;
    private long _failed;
    private long _bytesReceived;
    private long _bytesSent;
    private long _requests;

    public long Accepted => Interlocked.Read(ref _accepted);
    public long Finished => Interlocked.Read(ref _finished);
    public long Failed => Interlocked.Read(ref _failed);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>HTTP requests answered.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    internal void OnAccepted() => Interlocked.Increment(ref _accepted);
    internal void OnFinished() => Interlocked.Increment(ref _finished);
    internal void OnFailed() => Interlocked.Increment(ref _failed);
    internal void OnReceived(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);
    internal void OnSent(long bytes) => Interlocked.Add(ref _bytesSent, bytes);
    internal void OnRequest() => Interlocked.Increment(ref _requests);
}
