namespace Hashdance.NicIo.Tests;

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
    public void Frame_sink_adapter_hands_the_frame_to_the_delegate()
    {
        PooledFrame? seen = null;
        var sink = new FrameSink(f => seen = f);
        var frame = PooledFrame.Copy([9], 5);
        sink.OnFrame(frame);
        Assert.Same(frame, seen);
        frame.Dispose();
    }
}
