namespace Hashdance.NicIo;

/// <summary>
/// One network attachment that moves whole Ethernet frames: a TAP device, a pcap handle, one end of an in-memory wire,
/// or a decorator around another link. It is the user-space stand-in for a <c>struct net_device</c>.
/// </summary>
public interface ILink : IAsyncDisposable
{
    LinkInfo Info { get; }

    /// <summary>
    /// Hands one frame to the link. The link copies or enqueues it before returning, so the caller may reuse
    /// <paramref name="frame"/> at once; the call never blocks for long (it runs on actor threads).
    /// </summary>
    void Send(ReadOnlySpan<byte> frame);

    /// <summary>
    /// Begins delivering received frames to <paramref name="sink"/>. Each delivered frame is owned by the sink.
    /// A link is started once.
    /// </summary>
    void Start(IFrameSink sink);
}
