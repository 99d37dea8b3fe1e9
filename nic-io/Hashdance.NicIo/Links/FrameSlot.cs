using System.Buffers;
using Akka.Actor;

namespace Hashdance.NicIo;

/// <summary>
/// The pooled object behind every <see cref="PooledFrame"/>: it holds one frame at a time (a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>, its length, its receive time) and goes back to a bounded pool when the frame is
/// disposed, so that a frame costs no allocation in steady state. It doubles as the actor message that carries a
/// frame from one owner to the next (link → ingress, ingress → socket actor): see <see cref="PooledFrame.HandOver"/>
/// and <see cref="Claim"/>. The user-space counterpart of an skb head, which the kernel also recycles (skbuff caches).
/// </summary>
/// <remarks>
/// <para>
/// A pooled slot keeps a buffer of up to <see cref="RetainedBufferMax"/> bytes (any Ethernet frame of a 1500-byte
/// MTU) for its next frame, so frames reuse the same memory without a trip through the shared array pool, whose
/// per-thread caches overflow (and allocate) when frames are rented on one thread and returned on another, as the
/// link's and the actors' threads do here.
/// </para>
/// <para>
/// Ownership is tracked by a generation number. A <see cref="PooledFrame"/> is a lease: the slot plus the generation
/// it was issued under. Ending a lease (dispose, or hand-over to a message) moves the generation on, so every other
/// copy of that lease is stale from then on — reading through it throws <see cref="ObjectDisposedException"/> and
/// disposing it does nothing — even after the slot has been rented again for another frame. The generation is
/// advanced by compare-and-swap, so of two racing disposals exactly one returns the slot to the pool.
/// </para>
/// <para>
/// A slot in a message is "in transit": it belongs to the message's receiver, which takes it with <see cref="Claim"/>
/// exactly once. A message that is never delivered (dead letters) leaves its slot to the garbage collector, as an
/// unreturned buffer is left to the GC by <see cref="ArrayPool{T}"/>; nothing else can reach it.
/// </para>
/// <para>
/// A slot never leaves its node: it is a local hand-over of a pooled object, not data. Akka's local serialization
/// check (<c>serialize-messages</c>) would copy it and strand the original, so it is exempt; a segment for a socket
/// on another node travels as the record the ingress builds for that path instead.
/// </para>
/// </remarks>
public sealed class FrameSlot : INoSerializationVerificationNeeded
{
    /// <summary>
    /// Slots kept for reuse. Enough for every frame in flight of a busy stack (a TAP burst, a connection's mailbox);
    /// beyond it a returned slot is left to the GC and the next rent allocates one.
    /// </summary>
    private const int PoolCapacity = 4096;

    /// <summary>The largest buffer a pooled slot keeps; larger ones go back to the shared array pool.</summary>
    private const int RetainedBufferMax = 2048;

    private static readonly FrameSlot?[] Pool = new FrameSlot?[PoolCapacity];
    private static readonly Lock PoolGate = new();
    private static int _pooledCount;

    private byte[]? _buffer;
    private int _length;
    private int _generation;
    private int _inTransit;
    private long _timestampMicros;
    private int _ipOffset = -1;

    private FrameSlot()
    {
    }

    /// <summary>Rents a slot and a buffer, copies <paramref name="source"/> into it and issues the first lease.</summary>
    internal static PooledFrame Rent(ReadOnlySpan<byte> source, long timestampMicros)
    {
        FrameSlot? slot = null;
        lock (PoolGate)
        {
            if (_pooledCount > 0)
            {
                slot = Pool[--_pooledCount];
                Pool[_pooledCount] = null;
            }
        }
        slot ??= new FrameSlot();
        var buffer = slot._buffer;
        if (buffer is null || buffer.Length < source.Length)
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(source.Length);
        }
        source.CopyTo(buffer);
        slot._length = source.Length;
        slot._timestampMicros = timestampMicros;
        slot._ipOffset = -1;
        slot._inTransit = 0;
        Volatile.Write(ref slot._buffer, buffer);
        return new PooledFrame(slot, Volatile.Read(ref slot._generation));
    }

    /// <summary>
    /// Takes the frame out of a message: the receiver's lease, and where its IPv4 header starts (set by the ingress
    /// when it routes a TCP segment to a socket; -1 for a frame from the link). Throws
    /// <see cref="InvalidOperationException"/> if the slot is not in transit (claimed twice, or never handed over).
    /// </summary>
    public PooledFrame Claim(out int ipOffset)
    {
        if (Interlocked.CompareExchange(ref _inTransit, 0, 1) != 1)
            throw new InvalidOperationException("The frame was claimed already or never handed over.");
        ipOffset = _ipOffset;
        return new PooledFrame(this, Volatile.Read(ref _generation));
    }

    internal bool IsLive(int generation) => Volatile.Read(ref _generation) == generation;

    internal int Length(int generation)
    {
        _ = LiveBuffer(generation);
        return _length;
    }

    internal long TimestampMicros(int generation)
    {
        _ = LiveBuffer(generation);
        return _timestampMicros;
    }

    internal void Restamp(int generation, long timestampMicros)
    {
        _ = LiveBuffer(generation);
        _timestampMicros = timestampMicros;
    }

    internal byte[] LiveBuffer(int generation)
    {
        // The generation is what makes a lease live: a pooled slot keeps its buffer for the next frame.
        var buffer = Volatile.Read(ref _buffer);
        if (buffer is null || Volatile.Read(ref _generation) != generation)
            throw new ObjectDisposedException(nameof(PooledFrame), "The frame was disposed or handed over; its slot may hold another frame now.");
        return buffer;
    }

    /// <summary>Ends the lease <paramref name="generation"/> by putting the slot into a message for the next owner.</summary>
    internal FrameSlot HandOver(int generation, int ipOffset)
    {
        if (Interlocked.CompareExchange(ref _generation, unchecked(generation + 1), generation) != generation)
            throw new ObjectDisposedException(nameof(PooledFrame), "The frame was disposed or handed over already.");
        _ipOffset = ipOffset;
        Volatile.Write(ref _inTransit, 1);
        return this;
    }

    /// <summary>Ends the lease <paramref name="generation"/> and recycles buffer and slot; a stale lease does nothing.</summary>
    internal void Release(int generation)
    {
        if (Interlocked.CompareExchange(ref _generation, unchecked(generation + 1), generation) != generation) return;
        // Only the winner of the exchange above gets here, and until the slot is in the pool nobody else can reach it.
        if (_buffer is { Length: > RetainedBufferMax } large)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(large);
        }
        lock (PoolGate)
        {
            if (_pooledCount < PoolCapacity)
            {
                Pool[_pooledCount++] = this;
                return;
            }
        }
        // The pool is full: the slot goes to the GC, its buffer back to the shared pool.
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}
