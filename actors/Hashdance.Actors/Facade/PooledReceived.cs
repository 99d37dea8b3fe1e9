using System.Collections.Concurrent;
using Akka.Actor;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Facade;

/// <summary>
/// <see cref="Received"/> for a <see cref="RegisterPooled"/> handler: <see cref="Count"/> bytes in
/// <see cref="Buffer"/>, one of the connection's receive buffers, which the handler puts back into
/// <see cref="BufferPool"/> once it has read them. The message object itself is reused too: the connection rents it
/// from its own pool (<see cref="Rent"/>) and the handler gives it back (<see cref="Return"/>) once it has taken the
/// buffer, so steady delivery allocates nothing. It never leaves the node.
/// </summary>
internal sealed record PooledReceived : TcpEvent, INoSerializationVerificationNeeded
{
    private readonly ConcurrentQueue<PooledReceived> _pool;

    private PooledReceived(ConcurrentQueue<PooledReceived> pool) => _pool = pool;

    public byte[] Buffer { get; private set; } = [];

    public int Count { get; private set; }

    /// <summary>Where the buffer goes back once read.</summary>
    public ConcurrentQueue<byte[]> BufferPool { get; private set; } = null!;

    /// <summary>The size of the connection's receive buffers: a delivery larger than this comes in several messages.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>A message from <paramref name="pool"/> (or a new one) carrying <paramref name="buffer"/>.</summary>
    public static PooledReceived Rent(ConcurrentQueue<PooledReceived> pool, byte[] buffer, int count, ConcurrentQueue<byte[]> bufferPool)
    {
        if (!pool.TryDequeue(out var received)) received = new PooledReceived(pool);
        received.Buffer = buffer;
        received.Count = count;
        received.BufferPool = bufferPool;
        return received;
    }

    /// <summary>Back to its pool; the buffer belongs to whoever took it.</summary>
    public void Return()
    {
        Buffer = [];
        Count = 0;
        _pool.Enqueue(this);
    }
}
