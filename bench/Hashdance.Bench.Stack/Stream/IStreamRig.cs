namespace Hashdance.Bench.Stack.Stream;

/// <summary>One connected pair of stream sockets that the stream benchmark drives: Hashdance's or the kernel's.</summary>
public interface IStreamRig : IAsyncDisposable
{
    /// <summary>Sends <paramref name="bytes"/> from the client to the server in <paramref name="chunk"/>-byte writes; returns once the server has read them all.</summary>
    Task BulkAsync(long bytes, int chunk);

    /// <summary>
    /// <paramref name="count"/> 1-byte request/response exchanges (the client writes one byte, the server reads it and
    /// writes one back, the client reads it); each exchange's time in Stopwatch ticks goes into <paramref name="ticks"/>.
    /// </summary>
    Task PingPongAsync(int count, long[] ticks);
}
