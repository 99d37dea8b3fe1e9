namespace Hashdance.NicIo.Tests;

public sealed class InMemoryWireTests : VirtualTimeTestKit
{
    private readonly SchedulerClock _clock;

    public InMemoryWireTests() => _clock = new SchedulerClock(Sys.Scheduler);

    private InMemoryWire Wire(long delayMicros) =>
        InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.FromMicroseconds(delayMicros));

    [Fact]
    public void Zero_delay_delivers_synchronously_to_the_peer()
    {
        var wire = Wire(0);
        var atB = new FrameCollector();
        wire.B.Start(atB);

        var sentAt = _clock.NowMicros;
        wire.A.Send([1, 2, 3]);

        Assert.Single(atB.Frames);
        Assert.Equal(new byte[] { 1, 2, 3 }, atB.Frames[0]);
        Assert.Equal(sentAt, atB.Timestamps[0]);
        Assert.Same(InfoA, wire.A.Info);
        Assert.Same(InfoB, wire.B.Info);
    }

    [Fact]
    public void Delay_is_honoured_in_virtual_time_nothing_before_and_the_frame_exactly_then()
    {
        var wire = Wire(5000);
        var atB = new FrameCollector();
        wire.B.Start(atB);
        var sentAt = _clock.NowMicros;

        wire.A.Send([42]);
        Assert.Empty(atB.Frames);
        AdvanceMicros(4999);
        Assert.Empty(atB.Frames);
        AdvanceMicros(1);
        Assert.Single(atB.Frames);
        Assert.Equal(new byte[] { 42 }, atB.Frames[0]);
        Assert.Equal(sentAt + 5000, atB.Timestamps[0]);
        Assert.Equal(1, wire.A.FramesSent);
        Assert.Equal(1, wire.B.FramesDelivered);
    }

    [Fact]
    public void Works_in_both_directions_and_keeps_send_order()
    {
        var wire = Wire(100);
        var atA = new FrameCollector();
        var atB = new FrameCollector();
        wire.A.Start(atA);
        wire.B.Start(atB);

        for (byte i = 0; i < 10; i++)
        {
            wire.A.Send([i]);
            wire.B.Send([(byte)(100 + i)]);
            AdvanceMicros(10);
        }
        AdvanceMicros(100);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => new[] { (byte)i }), atB.Frames);
        Assert.Equal(Enumerable.Range(100, 10).Select(i => new[] { (byte)i }), atA.Frames);
        Assert.Equal(10, wire.A.FramesSent);
        Assert.Equal(10, wire.B.FramesSent);
        Assert.Equal(10, wire.A.FramesDelivered);
        Assert.Equal(10, wire.B.FramesDelivered);
    }

    [Fact]
    public void Receiver_owns_an_independent_copy_of_each_frame()
    {
        var wire = Wire(0);
        PooledFrame? received = null;
        wire.B.Start(new FrameSink(f => received = f));
        byte[] buffer = [5, 6, 7];

        wire.A.Send(buffer);
        buffer[0] = 0;

        var frame = Assert.NotNull(received);
        Assert.False(frame.IsDisposed);
        Assert.Equal(new byte[] { 5, 6, 7 }, frame.Span.ToArray());
        frame.Dispose();
        Assert.True(frame.IsDisposed);
    }

    [Fact]
    public void Frames_arriving_before_the_peer_starts_are_counted_as_dropped()
    {
        var wire = Wire(1000);
        wire.A.Send([1]);
        wire.A.Send([2]);
        AdvanceMicros(1000);
        Assert.Equal(2, wire.B.DroppedNotStarted);

        // Whether the peer is up is judged on arrival: a frame in flight when it starts is delivered.
        wire.A.Send([3]);
        var atB = new FrameCollector();
        wire.B.Start(atB);
        AdvanceMicros(1000);

        Assert.Equal([new byte[] { 3 }], atB.Frames);
        Assert.Equal(2, wire.B.DroppedNotStarted);
        Assert.Equal(3, wire.A.FramesSent);
        Assert.Equal(1, wire.B.FramesDelivered);
    }

    [Fact]
    public async Task Send_after_dispose_throws_and_frames_reaching_a_disposed_end_are_counted()
    {
        var wire = Wire(1000);
        var atB = new FrameCollector();
        wire.B.Start(atB);
        wire.A.Send([1]);
        await wire.B.DisposeAsync();
        AdvanceMicros(1000);

        Assert.Empty(atB.Frames);
        Assert.Equal(1, wire.B.DroppedDisposed);

        await wire.A.DisposeAsync();
        await wire.A.DisposeAsync(); // double dispose is harmless
        Assert.Throws<ObjectDisposedException>(() => wire.A.Send([2]));
        Assert.Equal(1, wire.A.FramesSent);
    }

    [Fact]
    public void Start_twice_is_refused()
    {
        var wire = Wire(0);
        wire.A.Start(new FrameCollector());
        Assert.Throws<InvalidOperationException>(() => wire.A.Start(new FrameCollector()));
    }

    [Fact]
    public void Negative_delay_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.FromTicks(-1)));
    }
}
