namespace Hashdance.NicIo;

/// <summary>Receives frames from a link. Mirrors the role of <c>netif_receive_skb</c>: the frame is handed over.</summary>
public interface IFrameSink
{
    /// <summary>
    /// Takes ownership of <paramref name="frame"/>: the sink must dispose it, or hand it on to someone who will.
    /// </summary>
    void OnFrame(PooledFrame frame);
}
