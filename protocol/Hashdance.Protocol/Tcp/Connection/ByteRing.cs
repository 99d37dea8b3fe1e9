namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A FIFO of bytes over one array that grows by doubling up to a limit: a connection's receive queue
/// (sk_receive_queue) or send queue (sk_write_queue + tcp_rtx_queue). Starting small keeps idle connections cheap;
/// the array is reallocated only when it must grow, never per segment once it has reached its working size.
/// </summary>
internal sealed class ByteRing
{
    private const int InitialCapacity = 4096;
    private byte[] _buffer = [];
    private int _head;

    public ByteRing(int limit) => Limit = Math.Max(limit, 1);

    /// <summary>Bytes queued.</summary>
    public int Count { get; private set; }

    /// <summary>The most bytes the ring may hold.</summary>
    public int Limit { get; set; }

    public int Free => Math.Max(Limit - Count, 0);

    /// <summary>Appends as much of <paramref name="data"/> as fits under <see cref="Limit"/>; returns the count.</summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        var n = Math.Min(data.Length, Free);
        if (n == 0) return 0;
        EnsureCapacity(Count + n);
        var tail = (_head + Count) % _buffer.Length;
        var first = Math.Min(n, _buffer.Length - tail);
        data[..first].CopyTo(_buffer.AsSpan(tail));
        data[first..n].CopyTo(_buffer);
        Count += n;
        return n;
    }

    /// <summary>Copies bytes starting <paramref name="offset"/> bytes after the head, without consuming them.</summary>
    public int Peek(int offset, Span<byte> destination)
    {
        var n = Math.Min(destination.Length, Count - offset);
        if (n <= 0) return 0;
        var start = (_head + offset) % _buffer.Length;
        var first = Math.Min(n, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(destination);
        _buffer.AsSpan(0, n - first).CopyTo(destination[first..]);
        return n;
    }

    /// <summary>Drops <paramref name="count"/> bytes from the head.</summary>
    public void Discard(int count)
    {
        count = Math.Min(count, Count);
        if (count <= 0) return;
        _head = (_head + count) % _buffer.Length;
        Count -= count;
        if (Count == 0) _head = 0;
    }

    /// <summary>Copies and consumes up to <paramref name="destination"/>.Length bytes.</summary>
    public int Read(Span<byte> destination)
    {
        var n = Peek(0, destination);
        Discard(n);
        return n;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length) return;
        var capacity = Math.Max(_buffer.Length * 2, InitialCapacity);
        while (capacity < needed) capacity *= 2;
        capacity = Math.Min(capacity, Math.Max(Limit, needed));
        var grown = new byte[capacity];
        Peek(0, grown);
        _buffer = grown;
        _head = 0;
    }
}
