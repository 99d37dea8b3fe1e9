using System.Buffers;

namespace Hashdance.NicIo;

/// <summary>
/// One received or in-flight frame: a lease on a pooled <see cref="FrameSlot"/>, whose buffer is rented from
/// <see cref="ArrayPool{T}.Shared"/>; the user-space counterpart of an skb's linear data. Whoever holds the lease owns
/// the frame and must end it exactly once: <see cref="Dispose"/> when done, or <see cref="HandOver"/> to pass it on
/// in a message. Neither a frame nor a lease allocates in steady state (both the slot and the buffer are recycled).
/// </summary>
/// <remarks>
/// The lease is a value (slot and generation), so copies of it are the same lease. Once it has ended, every copy is
/// stale: <see cref="Span"/>, <see cref="Memory"/>, <see cref="Length"/> and <see cref="TimestampMicros"/> throw
/// <see cref="ObjectDisposedException"/> and <see cref="Dispose"/> does nothing, so a frame dropped on several error
/// paths is returned once, and a late reader fails loudly instead of seeing the frame the slot holds next. (A
/// <see cref="ReadOnlyMemory{T}"/> taken before the end cannot be revoked; do not keep one past the frame's lifetime.)
/// The default value is a lease that has already ended.
/// </remarks>
public readonly struct PooledFrame : IDisposable
{
    private readonly FrameSlot? _slot;
    private readonly int _generation;

    internal PooledFrame(FrameSlot slot, int generation)
    {
        _slot = slot;
        _generation = generation;
    }

    /// <summary>When the frame was received, in the stack clock's microseconds.</summary>
    public long TimestampMicros => Slot.TimestampMicros(_generation);

    /// <summary>Whether this lease has ended (disposed or handed over); the slot may hold another frame by now.</summary>
    public bool IsDisposed => _slot is null || !_slot.IsLive(_generation);

    public int Length => Slot.Length(_generation);

    public ReadOnlySpan<byte> Span => Slot.LiveBuffer(_generation).AsSpan(0, Slot.Length(_generation));

    public ReadOnlyMemory<byte> Memory => Slot.LiveBuffer(_generation).AsMemory(0, Slot.Length(_generation));

    /// <summary>The bytes, writable; for owners that alter a frame in place (fault injection).</summary>
    internal Span<byte> WritableSpan => Slot.LiveBuffer(_generation).AsSpan(0, Slot.Length(_generation));

    private FrameSlot Slot => _slot ?? throw new ObjectDisposedException(nameof(PooledFrame), "The frame is the default value: it holds nothing.");

    /// <summary>Whether both leases are on the same slot (one frame, or a slot reused for a later frame); for tests.</summary>
    internal bool SharesSlotWith(PooledFrame other) => _slot is not null && ReferenceEquals(_slot, other._slot);

    /// <summary>Sets the receive time; for links that copy a frame when it is sent and stamp it when it arrives.</summary>
    internal void Restamp(long timestampMicros) => Slot.Restamp(_generation, timestampMicros);

    /// <summary>Rents a slot and a buffer and copies <paramref name="source"/> into it.</summary>
    public static PooledFrame Copy(ReadOnlySpan<byte> source, long timestampMicros) => FrameSlot.Rent(source, timestampMicros);

    /// <summary>
    /// Ends this lease by putting the frame into a message: the returned slot is the message, and its receiver takes
    /// the frame with <see cref="FrameSlot.Claim"/>. <paramref name="ipOffset"/> travels with it (where the IPv4
    /// header starts; -1 when not known). Throws <see cref="ObjectDisposedException"/> if the lease has ended.
    /// </summary>
    public FrameSlot HandOver(int ipOffset = -1) => Slot.HandOver(_generation, ipOffset);

    /// <summary>Ends this lease and returns the buffer and the slot to their pools; on a lease that has ended, nothing.</summary>
    public void Dispose() => _slot?.Release(_generation);
}
