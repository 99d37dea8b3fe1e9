using Akka.Actor;
using Hashdance.Protocol.Time;

namespace Hashdance.NicIo;

/// <summary>
/// One end of an <see cref="InMemoryWire"/>. Counters are this end's, like a NIC's <c>rtnl_link_stats64</c>:
/// frames it sent, frames it delivered to its sink, and frames that reached it but could not be delivered.
/// </summary>
/// <remarks>
/// Whether the receiving end is started is judged when a frame arrives, not when it was sent, as on a real cable.
/// A frame arriving before <see cref="Start"/> is dropped and counted in <see cref="DroppedNotStarted"/>; one arriving
/// after this end was disposed is counted in <see cref="DroppedDisposed"/>. <see cref="Send"/> after dispose throws
/// <see cref="ObjectDisposedException"/>: sending on a link one has closed is a bug in the caller, not line noise.
/// </remarks>
public sealed class InMemoryLink : ILink
{
    private readonly IScheduler _scheduler;
    private readonly IClock _clock;
    private readonly TimeSpan _delay;
    private readonly Queue<PooledFrame> _inFlight = new();
    private readonly Action _deliverOldest;
    private InMemoryLink? _peer;
    private IFrameSink? _sink;
    private int _disposed;
    private long _sent;
    private long _delivered;
    private long _droppedNotStarted;
    private long _droppedDisposed;

    internal InMemoryLink(LinkInfo info, IScheduler scheduler, IClock clock, TimeSpan delay)
    {
        Info = info;
        _scheduler = scheduler;
        _clock = clock;
        _delay = delay;
        _deliverOldest = DeliverOldestInFlight;
    }

    public LinkInfo Info { get; }

    public long FramesSent => Interlocked.Read(ref _sent);

    public long FramesDelivered => Interlocked.Read(ref _delivered);

    public long DroppedNotStarted => Interlocked.Read(ref _droppedNotStarted);

    public long DroppedDisposed => Interlocked.Read(ref _droppedDisposed);

    internal void ConnectTo(InMemoryLink peer) => _peer = peer;

    public void Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var peer = _peer ?? throw new InvalidOperationException("The link is not part of a wire.");
        var copy = PooledFrame.Copy(frame, _clock.NowMicros);
        Interlocked.Increment(ref _sent);
        if (_delay == TimeSpan.Zero)
        {
            peer.Arrive(copy);
            return;
        }

        // Every frame waits the same delay, so the oldest frame in flight is always the next one due; each timer
        // callback delivers the head of the queue, which keeps frames in send order whatever order the scheduler
        // runs equal-deadline callbacks in.
        lock (_inFlight) _inFlight.Enqueue(copy);
        _scheduler.Advanced.ScheduleOnce(_delay, _deliverOldest);
    }

    public void Start(IFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
            throw new InvalidOperationException($"Link '{Info.Name}' is already started.");
    }

    public ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, 1);
        return ValueTask.CompletedTask;
    }

    private void DeliverOldestInFlight()
    {
        PooledFrame frame;
        lock (_inFlight) frame = _inFlight.Dequeue();
        _peer!.Arrive(frame);
    }

    private void Arrive(PooledFrame frame)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            Interlocked.Increment(ref _droppedDisposed);
            frame.Dispose();
            return;
        }

        var sink = Volatile.Read(ref _sink);
        if (sink is null)
        {
            Interlocked.Increment(ref _droppedNotStarted);
            frame.Dispose();
            return;
        }

        frame.Restamp(_clock.NowMicros);
        Interlocked.Increment(ref _delivered);
        sink.OnFrame(frame);
    }
}
