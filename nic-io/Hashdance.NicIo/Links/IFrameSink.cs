namespace Hashdance.NicIo;

/// <summary>Receives frames from a link. Mirrors the role of <c>netif_receive_skb</c>: the frame is handed over.</summary>
public interface IFrameSink
{
    /// <summary>
    /// Takes ownership of <paramref name="frame"/>: the sink must dispose it, or hand it on to someone who will.
    /// </summary>
    void OnFrame(PooledFrame frame);

    /// <summary>
    /// Takes ownership of a burst of frames a link read in one wake-up (NAPI's budgeted poll): a sink that can pass
    /// them on as one unit does so, which costs its consumer one message instead of one per frame under load. The
    /// span is only valid during the call; the frames are the sink's.
    /// </summary>
    void OnFrames(ReadOnlySpan<PooledFrame> frames)
    {
        foreach (var frame in frames) OnFrame(frame);
    }
}
