using Akka.Actor;

namespace Hashdance.NicIo;

/// <summary>
/// A link decorator that loses, duplicates, reorders, corrupts and delays frames, as Linux's netem qdisc does, in
/// both directions: outbound (frames given to <see cref="Send"/>) and inbound (frames the inner link receives).
/// Each direction has its own <see cref="FaultPlan"/>, its own counters and its own random stream derived from the
/// seed, so a run is reproducible even when sends and receives interleave differently. Delays go through the Akka
/// scheduler, so they happen in virtual time under TestScheduler.
/// </summary>
/// <remarks>
/// <see cref="Send"/> after dispose throws <see cref="ObjectDisposedException"/>, as the inner link would.
/// Delayed or held frames still pending at dispose are disposed when they come due, not delivered.
/// </remarks>
public sealed class FaultInjector : ILink
{
    /// <summary>Separates the inbound stream from the outbound one (any fixed odd constant would do).</summary>
    private const int InboundSeedSalt = unchecked((int)0x9E3779B9);

    private readonly ILink _inner;
    private readonly FaultPlan _inboundPlan;
    private readonly IScheduler _scheduler;
    private readonly int _seed;
    private readonly FaultLane _outbound;
    private FaultLane? _inbound;
    private int _disposed;

    /// <summary>Applies the same <paramref name="plan"/> to both directions.</summary>
    public FaultInjector(ILink inner, FaultPlan plan, IScheduler scheduler, int seed)
        : this(inner, plan, plan, scheduler, seed)
    {
    }

    public FaultInjector(ILink inner, FaultPlan outbound, FaultPlan inbound, IScheduler scheduler, int seed)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        ArgumentNullException.ThrowIfNull(outbound);
        _inboundPlan = inbound ?? throw new ArgumentNullException(nameof(inbound));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _seed = seed;
        _outbound = new FaultLane(outbound, seed, scheduler, SendOnInner);
    }

    public LinkInfo Info => _inner.Info;

    public FaultCounters OutboundCounters => _outbound.Counters;

    public FaultCounters InboundCounters => Volatile.Read(ref _inbound)?.Counters ?? default;

    public FaultCounters Counters => OutboundCounters + InboundCounters;

    public void Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _outbound.Accept(PooledFrame.Copy(frame, timestampMicros: 0));
    }

    public void Start(IFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var lane = new FaultLane(_inboundPlan, _seed ^ InboundSeedSalt, _scheduler, sink.OnFrame);
        if (Interlocked.CompareExchange(ref _inbound, lane, null) is not null)
            throw new InvalidOperationException($"Link '{Info.Name}' is already started.");
        _inner.Start(new FrameSink(lane.Accept));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _outbound.Close();
        Volatile.Read(ref _inbound)?.Close();
        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    private void SendOnInner(PooledFrame frame)
    {
        using (frame) _inner.Send(frame.Span);
    }
}
