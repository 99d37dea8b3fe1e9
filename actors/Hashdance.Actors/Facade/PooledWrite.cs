using System.Collections.Concurrent;
using Akka.Actor;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Facade;

/// <summary>
/// The facade's <see cref="Write"/>: <see cref="Data"/> straight from the caller's memory (the call returns only once
/// the bytes are in the send buffer) and <see cref="Ack"/>, in a message object the connection gives back to the
/// facade's pool as soon as it has read it, so a steady stream of SendAsync calls allocates no message, ByteString or
/// buffer list. It never leaves the node; a failure is reported as a <see cref="CommandFailed"/> of an equivalent
/// <see cref="Write"/>.
/// </summary>
internal sealed record PooledWrite : TcpCommand, INoSerializationVerificationNeeded
{
    private readonly ConcurrentQueue<PooledWrite> _pool;

    private PooledWrite(ConcurrentQueue<PooledWrite> pool) => _pool = pool;

    public ReadOnlyMemory<byte> Data { get; private set; }

    public object? Ack { get; private set; }

    /// <summary>A message from <paramref name="pool"/> (or a new one) carrying <paramref name="data"/>.</summary>
    public static PooledWrite Rent(ConcurrentQueue<PooledWrite> pool, ReadOnlyMemory<byte> data, object? ack)
    {
        if (!pool.TryDequeue(out var write)) write = new PooledWrite(pool);
        write.Data = data;
        write.Ack = ack;
        return write;
    }

    /// <summary>Back to its pool, with no reference to the caller's bytes left.</summary>
    public void Return()
    {
        Data = default;
        Ack = null;
        _pool.Enqueue(this);
    }
}
