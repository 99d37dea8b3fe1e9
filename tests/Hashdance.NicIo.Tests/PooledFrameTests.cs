namespace Hashdance.NicIo.Tests;

[Collection(FramePoolCollection.Name)]
public sealed class PooledFrameTests
{
    [Fact]
    public void Copy_holds_the_bytes_length_and_timestamp()
    {
        byte[] source = [1, 2, 3, 4, 5];
        using var frame = PooledFrame.Copy(source, timestampMicros: 1234);
        source[0] = 99; // the frame owns a copy
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, frame.Span.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, frame.Memory.ToArray());
        Assert.Equal(5, frame.Length);
        Assert.Equal(1234, frame.TimestampMicros);
        Assert.False(frame.IsDisposed);
    }

    [Fact]
    public void Empty_frame_is_allowed()
    {
        using var frame = PooledFrame.Copy([], 0);
        Assert.Equal(0, frame.Length);
        Assert.True(frame.Span.IsEmpty);
    }

    [Fact]
    public void Use_after_dispose_throws_instead_of_reading_a_recycled_buffer()
    {
        var frame = PooledFrame.Copy([7, 7, 7], 0);
        frame.Dispose();
        Assert.True(frame.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => frame.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => frame.Memory);
        Assert.Throws<ObjectDisposedException>(() => frame.Length);
        Assert.Throws<ObjectDisposedException>(() => frame.TimestampMicros);
    }

    [Fact]
    public void Double_dispose_is_a_no_op()
    {
        var frame = PooledFrame.Copy([1], 0);
        frame.Dispose();
        frame.Dispose();
        Assert.True(frame.IsDisposed);
    }

    [Fact]
    public void A_frame_disposed_twice_goes_back_to_the_pool_once()
    {
        // Were the slot pooled twice, the next two frames would be rented on the same slot and share their bytes.
        for (var i = 0; i < 100; i++)
        {
            var frame = PooledFrame.Copy([1], 0);
            var copyOfTheLease = frame;
            frame.Dispose();
            copyOfTheLease.Dispose();
            using var first = PooledFrame.Copy([2], 0);
            using var second = PooledFrame.Copy([3], 0);
            Assert.False(first.SharesSlotWith(second));
            Assert.Equal([2, 3], new[] { first.Span[0], second.Span[0] });
        }
    }

    [Fact]
    public async Task Racing_disposals_of_one_lease_return_it_once()
    {
        for (var i = 0; i < 200; i++)
        {
            var frame = PooledFrame.Copy([1], 0);
            using var start = new Barrier(2);
            var other = Task.Run(() =>
            {
                start.SignalAndWait();
                frame.Dispose();
            });
            start.SignalAndWait();
            frame.Dispose();
            await other;
            using var first = PooledFrame.Copy([2], 0);
            using var second = PooledFrame.Copy([3], 0);
            Assert.False(first.SharesSlotWith(second));
        }
    }

    [Fact]
    public void A_stale_lease_neither_reads_nor_returns_the_frame_its_slot_holds_next()
    {
        PooledFrame stale = default, next = default;
        var reused = false;
        // The pool is shared with tests running in parallel, so the freed slot may go to another frame first.
        for (var attempt = 0; attempt < 1000 && !reused; attempt++)
        {
            stale = PooledFrame.Copy([1], 10);
            stale.Dispose();
            next = PooledFrame.Copy([2], 20);
            reused = next.SharesSlotWith(stale);
            if (!reused) next.Dispose();
        }
        Assert.True(reused, "no freed slot was rented again");

        Assert.Throws<ObjectDisposedException>(() => stale.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => stale.TimestampMicros);
        Assert.True(stale.IsDisposed);
        stale.Dispose();
        Assert.False(next.IsDisposed);
        Assert.Equal(2, next.Span[0]);
        Assert.Equal(20, next.TimestampMicros);
        using var after = PooledFrame.Copy([3], 0);
        Assert.False(after.SharesSlotWith(next));
        next.Dispose();
    }

    [Fact]
    public void Hand_over_passes_the_frame_to_exactly_one_claimer_and_ends_the_senders_lease()
    {
        var sent = PooledFrame.Copy([4, 5, 6], 77);
        var message = sent.HandOver(ipOffset: 14);

        Assert.True(sent.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => sent.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => sent.HandOver());
        sent.Dispose(); // the sender's stale lease cannot take the frame back from the message

        var received = message.Claim(out var ipOffset);
        Assert.Equal(14, ipOffset);
        Assert.Equal([4, 5, 6], received.Span.ToArray());
        Assert.Equal(77, received.TimestampMicros);
        Assert.Throws<InvalidOperationException>(() => message.Claim(out _));
        received.Dispose();
        Assert.True(received.IsDisposed);
        Assert.Throws<InvalidOperationException>(() => message.Claim(out _));
    }

    [Fact]
    public void A_frame_never_handed_over_cannot_be_claimed()
    {
        var frame = PooledFrame.Copy([1], 0);
        var slot = frame.HandOver();
        slot.Claim(out _).Dispose();
        using var next = PooledFrame.Copy([2], 0);
        // Whether or not next reuses the slot, a slot that is not in a message has nothing to claim.
        Assert.Throws<InvalidOperationException>(() => slot.Claim(out _));
    }

    [Fact]
    public void The_default_lease_holds_nothing()
    {
        PooledFrame none = default;
        Assert.True(none.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => none.Span.Length);
        none.Dispose();
    }

    [Fact]
    public void Renting_and_returning_frames_allocates_nothing_in_steady_state()
    {
        byte[] bytes = new byte[1514];
        for (var i = 0; i < 100; i++) PooledFrame.Copy(bytes, i).Dispose();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            var frame = PooledFrame.Copy(bytes, i);
            frame.HandOver(14).Claim(out _).Dispose();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Frame_sink_adapter_hands_the_frame_to_the_delegate()
    {
        PooledFrame? seen = null;
        var sink = new FrameSink(f => seen = f);
        var frame = PooledFrame.Copy([9], 5);
        sink.OnFrame(frame);
        Assert.True(seen is { } lease && lease.SharesSlotWith(frame) && !lease.IsDisposed);
        seen!.Value.Dispose();
        Assert.True(frame.IsDisposed);
    }
}
