namespace Hashdance.NicIo.Tests;

/// <summary>A sink that copies each frame's bytes and arrival time, then disposes the frame as an owner must.</summary>
internal sealed class FrameCollector : IFrameSink
{
    public List<byte[]> Frames { get; } = [];

    public List<long> Timestamps { get; } = [];

    public void OnFrame(PooledFrame frame)
    {
        using (frame)
        {
            Frames.Add(frame.Span.ToArray());
            Timestamps.Add(frame.TimestampMicros);
        }
    }
}
