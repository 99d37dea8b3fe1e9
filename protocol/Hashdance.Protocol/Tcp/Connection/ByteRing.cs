namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A FIFO of bytes over one array that grows by doubling up to a limit: a connection's receive queue
/// (sk_receive_queue, with the out-of-order bytes parked after its tail) or send queue (sk_write_queue +
/// tcp_rtx_queue). Starting small keeps idle connections cheap; the array is reallocated only when it must grow,
/// never per segment once it has reached its working size.
/// </summary>
internal sealed class ByteRing
{
    private const int InitialCapacity = 4096;
    private byte[] _buffer = [];
    private int _head;
    private int _extent; // bytes from the head that hold data: Count, or more while bytes are parked beyond the tail

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
        Place(Count, data[..n]);
        Count += n;
        _extent = Math.Max(_extent, Count);
        return n;
    }

    /// <summary>
    /// Parks <paramref name="data"/> <paramref name="offset"/> bytes after the tail without queueing it (an
    /// out-of-order segment); <see cref="Commit"/> queues it once the gap before it is filled. False when the bytes
    /// would not fit under <see cref="Limit"/>.
    /// </summary>
    public bool WriteAt(int offset, ReadOnlySpan<byte> data)
    {
        var end = Count + offset + data.Length;
        if (offset < 0 || end > Limit) return false;
        Place(Count + offset, data);
        _extent = Math.Max(_extent, end);
        return true;
    }

    /// <summary>Queues <paramref name="count"/> bytes already parked at the tail by <see cref="WriteAt"/>.</summary>
    public void Commit(int count)
    {
        Count += count;
        _extent = Math.Max(_extent, Count);
    }

    /// <summary>Copies bytes starting <paramref name="offset"/> bytes after the head, without consuming them.</summary>
    public int Peek(int offset, Span<byte> destination)
    {
        var n = Math.Min(destination.Length, Count - offset);
        if (n <= 0) return 0;
        CopyOut(offset, destination[..n]);
        return n;
    }

    /// <summary>Drops <paramref name="count"/> bytes from the head.</summary>
    public void Discard(int count)
    {
        count = Math.Min(count, Count);
        if (count <= 0) return;
        _head = (_head + count) % _buffer.Length;
        Count -= count;
        _extent -= count;
        if (_extent == 0) _head = 0;
    }

    /// <summary>Forgets every byte parked beyond the tail.</summary>
    public void DiscardParked() => _extent = Count;

    /// <summary>Copies and consumes up to <paramref name="destination"/>.Length bytes.</summary>
    public int Read(Span<byte> destination)
    {
        var n = Peek(0, destination);
        Discard(n);
        return n;
    }

    private void Place(int position, ReadOnlySpan<byte> data)
    {
        EnsureCapacity(position + data.Length);
        var start = (_head + position) % _buffer.Length;
        var first = Math.Min(data.Length, _buffer.Length - start);
        data[..first].CopyTo(_buffer.AsSpan(start));
        data[first..].CopyTo(_buffer);
    }

    private void CopyOut(int offset, Span<byte> destination)
    {
        var start = (_head + offset) % _buffer.Length;
        var first = Math.Min(destination.Length, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length) return;
        var capacity = Math.Max(_buffer.Length * 2, InitialCapacity);
        while (capacity < needed) capacity *= 2;
        capacity = Math.Min(capacity, Math.Max(Limit, needed));
        var grown = new byte[capacity];
        if (_extent > 0) CopyOut(0, grown.AsSpan(0, _extent));
        _buffer = grown;
        _head = 0;
    }
}
