using System.Buffers;

namespace Hashdance.NicIo;

/// <summary>
/// One received or in-flight frame, held in a buffer rented from <see cref="ArrayPool{T}.Shared"/>: the user-space
/// counterpart of an skb's linear data. Whoever holds it owns it and must <see cref="Dispose"/> it exactly when done.
/// </summary>
/// <remarks>
/// Dispose is idempotent: a second call does nothing, because a frame can be dropped on several error paths and
/// the buffer is returned to the pool only by the first call. After Dispose, <see cref="Span"/>, <see cref="Memory"/>
/// and <see cref="Length"/> throw <see cref="ObjectDisposedException"/>, so a late reader fails loudly instead of
/// seeing a recycled buffer that now belongs to another frame. (A <see cref="ReadOnlyMemory{T}"/> taken before
/// Dispose cannot be revoked; do not keep one past the frame's lifetime.)
/// </remarks>
public sealed class PooledFrame : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    private PooledFrame(byte[] buffer, int length, long timestampMicros)
    {
        _buffer = buffer;
        _length = length;
        TimestampMicros = timestampMicros;
    }

    /// <summary>When the frame was received, in the stack clock's microseconds.</summary>
    public long TimestampMicros { get; private set; }

    public bool IsDisposed => Volatile.Read(ref _buffer) is null;

    public int Length
    {
        get
        {
            _ = LiveBuffer();
            return _length;
        }
    }

    public ReadOnlySpan<byte> Span => LiveBuffer().AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => LiveBuffer().AsMemory(0, _length);

    /// <summary>The bytes, writable; for owners that alter a frame in place (fault injection).</summary>
    internal Span<byte> WritableSpan => LiveBuffer().AsSpan(0, _length);

    /// <summary>Sets the receive time; for links that copy a frame when it is sent and stamp it when it arrives.</summary>
    internal void Restamp(long timestampMicros) => TimestampMicros = timestampMicros;

    /// <summary>Rents a buffer and copies <paramref name="source"/> into it.</summary>
    public static PooledFrame Copy(ReadOnlySpan<byte> source, long timestampMicros)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(source.Length);
        source.CopyTo(buffer);
        return new PooledFrame(buffer, source.Length, timestampMicros);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }

    private byte[] LiveBuffer() =>
        Volatile.Read(ref _buffer) ?? throw new ObjectDisposedException(nameof(PooledFrame), "The frame was disposed; its buffer went back to the pool.");
}
