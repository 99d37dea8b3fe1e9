using System.Buffers.Binary;

namespace Hashdance.NicIo.Tests;

public sealed class FaultInjectorTests : VirtualTimeTestKit
{
    private const int FrameCount = 200;

    private static readonly FaultPlan Mixed = new()
    {
        LossRate = 0.1,
        DuplicateRate = 0.1,
        ReorderRate = 0.1,
        CorruptRate = 0.1,
        Delay = TimeSpan.FromMilliseconds(2),
        Jitter = TimeSpan.FromMilliseconds(1),
    };

    private readonly SchedulerClock _clock;

    public FaultInjectorTests() => _clock = new SchedulerClock(Sys.Scheduler);

    private static byte[] NumberedFrame(int number)
    {
        var frame = new byte[64];
        BinaryPrimitives.WriteInt32BigEndian(frame, number);
        for (var i = 4; i < frame.Length; i++) frame[i] = (byte)(number + i);
        return frame;
    }

    private static int NumberOf(byte[] frame) => BinaryPrimitives.ReadInt32BigEndian(frame);

    /// <summary>Sends <see cref="FrameCount"/> numbered frames from A through the injector, 100 µs apart, and lets every delay run out.</summary>
    private (FrameCollector AtB, FaultInjector Injector) SendThrough(FaultPlan plan, int seed, int count = FrameCount)
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.Zero);
        var injector = new FaultInjector(wire.A, plan, Sys.Scheduler, seed);
        var atB = new FrameCollector();
        wire.B.Start(atB);
        for (var i = 0; i < count; i++)
        {
            injector.Send(NumberedFrame(i));
            AdvanceMicros(100);
        }
        AdvanceInSteps(50_000, stepMicros: 100);
        return (atB, injector);
    }

    [Fact]
    public void With_no_faults_every_frame_passes_in_order()
    {
        var (atB, injector) = SendThrough(FaultPlan.None, seed: 1);
        Assert.Equal(Enumerable.Range(0, FrameCount).Select(NumberedFrame), atB.Frames);
        Assert.Equal(new FaultCounters(FrameCount, 0, 0, 0, 0, 0, FrameCount), injector.OutboundCounters);
        Assert.Equal(default, injector.InboundCounters);
    }

    [Fact]
    public void With_loss_rate_one_every_frame_is_lost()
    {
        var (atB, injector) = SendThrough(new FaultPlan { LossRate = 1 }, seed: 1);
        Assert.Empty(atB.Frames);
        Assert.Equal(new FaultCounters(FrameCount, FrameCount, 0, 0, 0, 0, 0), injector.OutboundCounters);
    }

    [Fact]
    public void Seeded_runs_are_reproducible_and_different_seeds_differ()
    {
        var (first, firstInjector) = SendThrough(Mixed, seed: 42);
        var (second, secondInjector) = SendThrough(Mixed, seed: 42);
        var (other, otherInjector) = SendThrough(Mixed, seed: 43);

        Assert.Equal(first.Frames, second.Frames);
        Assert.Equal(firstInjector.OutboundCounters, secondInjector.OutboundCounters);
        Assert.NotEqual(first.Frames, other.Frames);
        Assert.NotEqual(firstInjector.OutboundCounters, otherInjector.OutboundCounters);
    }

    [Fact]
    public void Counts_are_exact_every_frame_in_is_lost_or_passed_and_passed_plus_duplicates_come_out()
    {
        var (atB, injector) = SendThrough(Mixed, seed: 7);
        var c = injector.OutboundCounters;

        Assert.Equal(FrameCount, c.FramesIn);
        Assert.Equal(c.FramesIn, c.Lost + c.Passed);
        Assert.Equal(c.FramesOut, atB.Frames.Count);
        Assert.Equal(c.Passed, c.Delayed); // 2 ms ± 1 ms is never zero
        Assert.InRange(c.Lost, 1, FrameCount / 4);
        Assert.InRange(c.Duplicated, 1, FrameCount / 4);
        Assert.InRange(c.Reordered, 1, FrameCount / 4);
        Assert.InRange(c.Corrupted, 1, FrameCount / 4);

        // Each corrupted frame arrives altered, once or, when also duplicated, twice.
        var sent = Enumerable.Range(0, FrameCount).Select(NumberedFrame).ToList();
        var altered = atB.Frames.Count(f => !sent.Any(s => s.AsSpan().SequenceEqual(f)));
        Assert.InRange(altered, c.Corrupted, 2 * c.Corrupted);
    }

    [Fact]
    public void Corruption_changes_exactly_one_byte_of_every_frame()
    {
        var (atB, injector) = SendThrough(new FaultPlan { CorruptRate = 1 }, seed: 3, count: 50);

        Assert.Equal(50, atB.Frames.Count);
        for (var i = 0; i < atB.Frames.Count; i++)
        {
            var original = NumberedFrame(i);
            var differing = Enumerable.Range(0, original.Length).Count(j => original[j] != atB.Frames[i][j]);
            Assert.Equal(1, differing);
        }
        Assert.Equal(50, injector.OutboundCounters.Corrupted);
        Assert.Equal(50, injector.OutboundCounters.Passed);
    }

    [Fact]
    public void Duplication_sends_an_identical_copy_right_behind()
    {
        var (atB, injector) = SendThrough(new FaultPlan { DuplicateRate = 1 }, seed: 3, count: 5);

        Assert.Equal(new[] { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4 }, atB.Frames.Select(NumberOf));
        Assert.Equal(new FaultCounters(5, 0, 5, 0, 0, 0, 5), injector.OutboundCounters);
    }

    [Fact]
    public void Reorder_holds_a_frame_until_the_next_one_passes()
    {
        var (atB, injector) = SendThrough(new FaultPlan { ReorderRate = 1 }, seed: 3, count: 6);

        Assert.Equal(new[] { 1, 0, 3, 2, 5, 4 }, atB.Frames.Select(NumberOf));
        Assert.Equal(3, injector.OutboundCounters.Reordered);
        Assert.Equal(6, injector.OutboundCounters.Passed);
    }

    [Fact]
    public void Reorder_releases_a_held_frame_after_the_hold_time_when_nothing_follows()
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.Zero);
        var injector = new FaultInjector(wire.A, new FaultPlan { ReorderRate = 1, ReorderHold = TimeSpan.FromMilliseconds(3) }, Sys.Scheduler, seed: 1);
        var atB = new FrameCollector();
        wire.B.Start(atB);
        var sentAt = _clock.NowMicros;

        injector.Send(NumberedFrame(0));
        AdvanceMicros(2999);
        Assert.Empty(atB.Frames);
        AdvanceMicros(1);

        Assert.Equal([NumberedFrame(0)], atB.Frames);
        Assert.Equal(sentAt + 3000, atB.Timestamps[0]);
        Assert.Equal(1, injector.OutboundCounters.Reordered);
    }

    [Fact]
    public void Delay_runs_in_virtual_time()
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.Zero);
        var injector = new FaultInjector(wire.A, new FaultPlan { Delay = TimeSpan.FromMilliseconds(10) }, Sys.Scheduler, seed: 1);
        var atB = new FrameCollector();
        wire.B.Start(atB);
        var sentAt = _clock.NowMicros;

        injector.Send(NumberedFrame(0));
        injector.Send(NumberedFrame(1));
        AdvanceMicros(9999);
        Assert.Empty(atB.Frames);
        AdvanceMicros(1);

        Assert.Equal([NumberedFrame(0), NumberedFrame(1)], atB.Frames);
        Assert.Equal([sentAt + 10_000, sentAt + 10_000], atB.Timestamps);
        Assert.Equal(2, injector.OutboundCounters.Delayed);
    }

    [Fact]
    public void Jitter_spreads_arrival_times_within_delay_plus_or_minus_jitter()
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.Zero);
        var plan = new FaultPlan { Delay = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(2) };
        var injector = new FaultInjector(wire.A, plan, Sys.Scheduler, seed: 5);
        var sendTimes = new Dictionary<int, long>();
        var latencies = new List<long>();
        wire.B.Start(new FrameSink(f =>
        {
            using (f) latencies.Add(f.TimestampMicros - sendTimes[BinaryPrimitives.ReadInt32BigEndian(f.Span)]);
        }));

        for (var i = 0; i < 100; i++)
        {
            sendTimes[i] = _clock.NowMicros;
            injector.Send(NumberedFrame(i));
            AdvanceMicros(50);
        }
        AdvanceInSteps(20_000);

        Assert.Equal(100, latencies.Count);
        Assert.All(latencies, l => Assert.InRange(l, 8000, 12000));
        Assert.True(latencies.Distinct().Count() > 50, "jitter must vary the delay");
        Assert.Contains(latencies, l => l < 10_000);
        Assert.Contains(latencies, l => l > 10_000);
        Assert.Equal(100, injector.OutboundCounters.Delayed);
    }

    [Fact]
    public void Inbound_faults_apply_to_received_frames_with_their_own_plan_and_counters()
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.Zero);
        var injector = new FaultInjector(wire.B, outbound: FaultPlan.None, inbound: new FaultPlan { DuplicateRate = 1 }, Sys.Scheduler, seed: 9);
        var atB = new FrameCollector();
        var atA = new FrameCollector();
        injector.Start(atB);
        wire.A.Start(atA);

        wire.A.Send(NumberedFrame(1));
        injector.Send(NumberedFrame(2));

        Assert.Equal([NumberedFrame(1), NumberedFrame(1)], atB.Frames);
        Assert.Equal([NumberedFrame(2)], atA.Frames);
        Assert.Equal(new FaultCounters(1, 0, 1, 0, 0, 0, 1), injector.InboundCounters);
        Assert.Equal(new FaultCounters(1, 0, 0, 0, 0, 0, 1), injector.OutboundCounters);
        Assert.Equal(new FaultCounters(2, 0, 1, 0, 0, 0, 2), injector.Counters);
        Assert.Same(InfoB, injector.Info);
    }

    [Fact]
    public void Lost_inbound_frames_are_disposed_and_never_reach_the_sink()
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.Zero);
        var injector = new FaultInjector(wire.B, FaultPlan.None, new FaultPlan { LossRate = 1 }, Sys.Scheduler, seed: 9);
        var atB = new FrameCollector();
        injector.Start(atB);

        for (var i = 0; i < 10; i++) wire.A.Send(NumberedFrame(i));

        Assert.Empty(atB.Frames);
        Assert.Equal(new FaultCounters(10, 10, 0, 0, 0, 0, 0), injector.InboundCounters);
    }

    [Fact]
    public async Task Dispose_discards_pending_frames_refuses_sends_and_disposes_the_inner_link()
    {
        var wire = InMemoryWire.Create(Sys.Scheduler, _clock, InfoA, InfoB, TimeSpan.Zero);
        var injector = new FaultInjector(wire.A, new FaultPlan { Delay = TimeSpan.FromMilliseconds(1) }, Sys.Scheduler, seed: 1);
        var atB = new FrameCollector();
        wire.B.Start(atB);

        injector.Send(NumberedFrame(0));
        await injector.DisposeAsync();
        await injector.DisposeAsync();
        Clockwork.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Empty(atB.Frames);
        Assert.Throws<ObjectDisposedException>(() => injector.Send(NumberedFrame(1)));
        Assert.Throws<ObjectDisposedException>(() => wire.A.Send(NumberedFrame(1)));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Rates_outside_zero_to_one_are_refused(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan { LossRate = rate });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan { DuplicateRate = rate });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan { ReorderRate = rate });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan { CorruptRate = rate });
    }

    [Fact]
    public void Negative_times_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan { Delay = TimeSpan.FromTicks(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan { Jitter = TimeSpan.FromTicks(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan { ReorderHold = TimeSpan.Zero });
    }
}
