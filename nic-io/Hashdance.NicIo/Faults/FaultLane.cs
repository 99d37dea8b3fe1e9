using Akka.Actor;

namespace Hashdance.NicIo;

/// <summary>
/// The faults of one direction of a <see cref="FaultInjector"/>: decides each frame's fate from its own seeded random
/// stream and forwards what survives. Mirrors the enqueue path of <c>netem_enqueue</c> in net/sched/sch_netem.c, in
/// the order loss, corruption, duplication, reordering, delay.
/// </summary>
/// <remarks>
/// Each frame consumes exactly <see cref="DrawsPerFrame"/> random numbers whatever its fate, so frame n's decisions
/// depend only on the seed and n: raising one rate does not reshuffle which frames get the other faults.
/// Frames are forwarded outside the lock, so a sink that answers at once cannot deadlock against the other direction.
/// </remarks>
internal sealed class FaultLane
{
    private const int DrawsPerFrame = 7;

    private readonly FaultPlan _plan;
    private readonly Random _random;
    private readonly IScheduler _scheduler;
    private readonly Action<PooledFrame> _forward;
    private readonly object _gate = new();
    private FaultCounters _counters;
    private HeldFrame? _held;
    private bool _closed;

    public FaultLane(FaultPlan plan, int seed, IScheduler scheduler, Action<PooledFrame> forward)
    {
        _plan = plan;
        _random = new Random(seed);
        _scheduler = scheduler;
        _forward = forward;
    }

    public FaultCounters Counters
    {
        get
        {
            lock (_gate) return _counters;
        }
    }

    /// <summary>Takes ownership of <paramref name="frame"/>.</summary>
    public void Accept(PooledFrame frame)
    {
        Emission first, firstCopy = default, second = default, secondCopy = default;
        lock (_gate)
        {
            if (_closed)
            {
                frame.Dispose();
                return;
            }

            Span<double> draw = stackalloc double[DrawsPerFrame];
            for (var i = 0; i < draw.Length; i++) draw[i] = _random.NextDouble();

            var c = _counters;
            c = c with { FramesIn = c.FramesIn + 1 };
            if (draw[0] < _plan.LossRate)
            {
                _counters = c with { Lost = c.Lost + 1 };
                frame.Dispose();
                return;
            }

            c = c with { Passed = c.Passed + 1 };
            if (draw[1] < _plan.CorruptRate && frame.Length > 0)
            {
                var bytes = frame.WritableSpan;
                bytes[(int)(draw[2] * bytes.Length)] ^= (byte)(1 + (int)(draw[3] * 255));
                c = c with { Corrupted = c.Corrupted + 1 };
            }

            PooledFrame? copy = null;
            if (draw[4] < _plan.DuplicateRate)
            {
                copy = PooledFrame.Copy(frame.Span, frame.TimestampMicros);
                c = c with { Duplicated = c.Duplicated + 1 };
            }

            var delay = DelayFor(draw[5]);
            if (delay > TimeSpan.Zero) c = c with { Delayed = c.Delayed + 1 };

            if (draw[6] < _plan.ReorderRate && _held is null)
            {
                var held = new HeldFrame(frame, copy, delay);
                _held = held;
                _counters = c with { Reordered = c.Reordered + 1 };
                _scheduler.Advanced.ScheduleOnce(_plan.ReorderHold, () => ReleaseHeld(held));
                return;
            }

            _counters = c;
            first = new Emission(frame, delay);
            if (copy is not null) firstCopy = new Emission(copy, delay);
            if (_held is { } waiting)
            {
                // The held frame goes out right behind this one, on the same schedule, so it lands after it.
                _held = null;
                second = new Emission(waiting.Frame, delay);
                if (waiting.Copy is not null) secondCopy = new Emission(waiting.Copy, delay);
            }
        }

        Emit(first);
        Emit(firstCopy);
        Emit(second);
        Emit(secondCopy);
    }

    /// <summary>Stops forwarding: held and still-delayed frames are disposed instead of delivered.</summary>
    public void Close()
    {
        HeldFrame? held;
        lock (_gate)
        {
            _closed = true;
            held = _held;
            _held = null;
        }
        held?.Frame.Dispose();
        held?.Copy?.Dispose();
    }

    /// <summary>
    /// The jitter offset is a whole number of microseconds, the stack clock's resolution, so that a frame's
    /// arrival can be stepped to exactly in virtual time.
    /// </summary>
    private TimeSpan DelayFor(double draw)
    {
        if (_plan.Jitter == TimeSpan.Zero) return _plan.Delay;
        var offsetMicros = (long)Math.Round((draw * 2.0 - 1.0) * _plan.Jitter.Ticks / TimeSpan.TicksPerMicrosecond);
        var ticks = _plan.Delay.Ticks + offsetMicros * TimeSpan.TicksPerMicrosecond;
        return ticks > 0 ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
    }

    private void ReleaseHeld(HeldFrame held)
    {
        lock (_gate)
        {
            // A following frame may have released it already; then this timer has nothing to do.
            if (!ReferenceEquals(_held, held)) return;
            _held = null;
        }
        Emit(new Emission(held.Frame, held.Delay));
        if (held.Copy is not null) Emit(new Emission(held.Copy, held.Delay));
    }

    private void Emit(Emission emission)
    {
        if (emission.Frame is not { } frame) return;
        if (emission.Delay == TimeSpan.Zero) ForwardUnlessClosed(frame);
        else _scheduler.Advanced.ScheduleOnce(emission.Delay, () => ForwardUnlessClosed(frame));
    }

    private void ForwardUnlessClosed(PooledFrame frame)
    {
        if (Volatile.Read(ref _closed))
        {
            frame.Dispose();
            return;
        }
        _forward(frame);
    }

    private readonly record struct Emission(PooledFrame? Frame, TimeSpan Delay);

    private sealed record HeldFrame(PooledFrame Frame, PooledFrame? Copy, TimeSpan Delay);
}
