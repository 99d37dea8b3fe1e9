using Hashdance.NicIo;

namespace Hashdance.Actors.Tests.Facade;

/// <summary>A link that passes frames both ways until <see cref="Sever"/>, then drops every frame in both directions (a pulled cable).</summary>
public sealed class SeverableLink(ILink inner) : ILink, IFrameSink
{
    private IFrameSink? _sink;
    private volatile bool _severed;

    public LinkInfo Info => inner.Info;

    public void Sever() => _severed = true;

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (!_severed) inner.Send(frame);
    }

    public void Start(IFrameSink sink)
    {
        _sink = sink;
        inner.Start(this);
    }

    public void OnFrame(PooledFrame frame)
    {
        if (_severed) frame.Dispose();
        else _sink!.OnFrame(frame);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
