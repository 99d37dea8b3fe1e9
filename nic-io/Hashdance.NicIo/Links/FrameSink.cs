namespace Hashdance.NicIo;

/// <summary>An <see cref="IFrameSink"/> over a delegate; the delegate takes ownership of each frame.</summary>
public sealed class FrameSink(Action<PooledFrame> onFrame) : IFrameSink
{
    private readonly Action<PooledFrame> _onFrame = onFrame ?? throw new ArgumentNullException(nameof(onFrame));

    public void OnFrame(PooledFrame frame) => _onFrame(frame);
}
