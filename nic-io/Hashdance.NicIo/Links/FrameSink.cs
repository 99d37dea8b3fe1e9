namespace Hashdance.NicIo;

/// <summary>
/// An <see cref="IFrameSink"/> over delegates that take ownership of each frame; <paramref name="onBurst"/>, when
/// given, takes a burst of frames as one array (else the frames go one by one).
/// </summary>
public sealed class FrameSink(Action<PooledFrame> onFrame, Action<PooledFrame[]>? onBurst = null) : IFrameSink
{
    private readonly Action<PooledFrame> _onFrame = onFrame ?? throw new ArgumentNullException(nameof(onFrame));

    public void OnFrame(PooledFrame frame) => _onFrame(frame);

    public void OnFrames(ReadOnlySpan<PooledFrame> frames)
    {
        if (frames.Length == 1 || onBurst is null)
        {
            foreach (var frame in frames) _onFrame(frame);
            return;
        }
        onBurst(frames.ToArray());
    }
}
