using Hashdance.Protocol.Time;

namespace Hashdance.NicIo;

/// <summary>
/// A link decorator that records every frame sent and received through the inner link into a
/// <see cref="PcapFileWriter"/>, stamped from an <see cref="IClock"/> (virtual time in tests), like running tcpdump on
/// the interface.
/// </summary>
/// <remarks>
/// Sent frames are recorded before they are handed to the inner link, received ones before the sink gets them.
/// <see cref="Send"/> after dispose throws <see cref="ObjectDisposedException"/>; frames the inner link still delivers
/// after dispose are passed on unrecorded.
/// </remarks>
public sealed class PcapWriter : ILink
{
    private readonly ILink _inner;
    private readonly PcapFileWriter _file;
    private readonly IClock _clock;
    private readonly bool _ownsFile;
    private int _disposed;

    /// <param name="ownsFile">Whether disposing this link also disposes <paramref name="file"/>.</param>
    public PcapWriter(ILink inner, PcapFileWriter file, IClock clock, bool ownsFile = false)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _file = file ?? throw new ArgumentNullException(nameof(file));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _ownsFile = ownsFile;
    }

    /// <summary>Records into a new file at <paramref name="path"/>, which this link owns.</summary>
    public PcapWriter(ILink inner, string path, IClock clock)
        : this(inner, PcapFileWriter.Create(path), clock, ownsFile: true)
    {
    }

    public LinkInfo Info => _inner.Info;

    public void Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _file.Write(frame, _clock.NowMicros);
        _inner.Send(frame);
    }

    public void Start(IFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _inner.Start(new FrameSink(frame =>
        {
            RecordReceived(frame);
            sink.OnFrame(frame);
        }));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _inner.DisposeAsync().ConfigureAwait(false);
        if (_ownsFile) _file.Dispose();
    }

    private void RecordReceived(PooledFrame frame)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try
        {
            _file.Write(frame.Span, _clock.NowMicros);
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) != 0)
        {
            // The file closed between the check and the write, as this link was being disposed: nothing to record.
        }
    }
}
