using Hashdance.NicIo;

namespace Hashdance.NicIo.Tests;

/// <summary>How a link's burst reaches a sink: one array for a burst, single frames one by one.</summary>
public class FrameSinkTests
{
    private static PooledFrame[] Frames(int count) =>
        Enumerable.Range(0, count).Select(i => PooledFrame.Copy([(byte)i, 0xAA], i)).ToArray();

    [Fact]
    public void A_burst_goes_to_the_burst_delegate_as_one_array_in_order()
    {
        var single = new List<PooledFrame>();
        var bursts = new List<PooledFrame[]>();
        IFrameSink sink = new FrameSink(single.Add, bursts.Add);
        var frames = Frames(3);

        sink.OnFrames(frames);

        Assert.Empty(single);
        var burst = Assert.Single(bursts);
        Assert.Equal([0, 1, 2], burst.Select(f => (int)f.Span[0]));
        Assert.NotSame(frames, burst);
    }

    [Fact]
    public void One_frame_or_no_burst_delegate_means_one_call_per_frame()
    {
        var single = new List<PooledFrame>();
        var bursts = new List<PooledFrame[]>();
        IFrameSink withBurst = new FrameSink(single.Add, bursts.Add);
        IFrameSink withoutBurst = new FrameSink(single.Add);

        withBurst.OnFrames(Frames(1));
        withoutBurst.OnFrames(Frames(2));

        Assert.Empty(bursts);
        Assert.Equal([0, 0, 1], single.Select(f => (int)f.Span[0]));
    }

    [Fact]
    public void A_sink_without_a_burst_method_takes_the_frames_one_by_one()
    {
        var seen = new List<int>();
        IFrameSink sink = new CountingSink(seen);

        sink.OnFrames(Frames(4));

        Assert.Equal([0, 1, 2, 3], seen);
    }

    private sealed class CountingSink(List<int> seen) : IFrameSink
    {
        public void OnFrame(PooledFrame frame)
        {
            seen.Add(frame.Span[0]);
            frame.Dispose();
        }
    }
}
