using System.Collections.Concurrent;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Facade;

/// <summary>
/// <see cref="Received"/> for a <see cref="RegisterPooled"/> handler: <see cref="Count"/> bytes in a rented
/// <see cref="Buffer"/> that the handler must return to the array pool. The message object itself is reused: the
/// connection rents it from its own pool (<see cref="Rent"/>) and the handler gives it back (<see cref="Return"/>)
/// once it has taken the buffer, so steady delivery allocates nothing. It never leaves the node.
/// </summary>
internal sealed record PooledReceived : TcpEvent
{
    private readonly ConcurrentQueue<PooledReceived> _pool;

    private PooledReceived(ConcurrentQueue<PooledReceived> pool) => _pool = pool;

    public byte[] Buffer { get; private set; } = [];

    public int Count { get; private set; }

    /// <summary>A message from <paramref name="pool"/> (or a new one) carrying <paramref name="buffer"/>.</summary>
    public static PooledReceived Rent(ConcurrentQueue<PooledReceived> pool, byte[] buffer, int count)
    {
        if (!pool.TryDequeue(out var received)) received = new PooledReceived(pool);
        received.Buffer = buffer;
        received.Count = count;
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
