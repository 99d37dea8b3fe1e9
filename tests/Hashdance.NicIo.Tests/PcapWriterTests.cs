namespace Hashdance.NicIo.Tests;

public sealed class PcapWriterTests : VirtualTimeTestKit
{
    [Fact]
    public async Task Records_sent_and_received_frames_with_virtual_time_stamps()
    {
        var clock = new SchedulerClock(Sys.Scheduler);
        var wire = InMemoryWire.Create(Sys.Scheduler, clock, InfoA, InfoB, TimeSpan.FromMilliseconds(1));
        var stream = new MemoryStream();
        var file = new PcapFileWriter(stream, leaveOpen: true);
        var recorded = new PcapWriter(wire.A, file, clock, ownsFile: true);
        var atA = new FrameCollector();
        var atB = new FrameCollector();
        recorded.Start(atA);
        wire.B.Start(atB);
        var t0 = clock.NowMicros;

        // TestScheduler runs due work at the end time of each Advance, so each step ends where a frame arrives.
        recorded.Send([1, 1, 1]);
        AdvanceMicros(250);
        wire.B.Send([2, 2]);
        AdvanceMicros(750);
        Assert.Equal(t0 + 1000, atB.Timestamps.Single());
        AdvanceMicros(250);
        Assert.Equal(t0 + 1250, atA.Timestamps.Single());
        await recorded.DisposeAsync();
        await recorded.DisposeAsync();

        Assert.Equal([new byte[] { 1, 1, 1 }], atB.Frames);
        Assert.Equal([new byte[] { 2, 2 }], atA.Frames);
        Assert.Same(InfoA, recorded.Info);
        Assert.Throws<ObjectDisposedException>(() => recorded.Send([3]));
        Assert.Throws<ObjectDisposedException>(() => file.Write([3], 0)); // the decorator owned the file

        stream.Position = 0;
        using var reader = PcapFileReader.Open(stream);
        var records = reader.ReadAll().ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(new byte[] { 1, 1, 1 }, records[0].Data);
        Assert.Equal(t0, records[0].TimestampMicros);
        Assert.Equal(new byte[] { 2, 2 }, records[1].Data);
        Assert.Equal(t0 + 250 + 1000, records[1].TimestampMicros);
    }

    [Fact]
    public async Task Decorators_stack_the_capture_sees_what_the_fault_injector_lets_through()
    {
        var clock = new SchedulerClock(Sys.Scheduler);
        var wire = InMemoryWire.Create(Sys.Scheduler, clock, InfoA, InfoB, TimeSpan.Zero);
        var stream = new MemoryStream();
        await using var file = new PcapFileWriter(stream, leaveOpen: true).AsAsyncDisposable();
        var link = new PcapWriter(new FaultInjector(wire.A, new FaultPlan { DuplicateRate = 1 }, Sys.Scheduler, seed: 1), file.Value, clock);
        wire.B.Start(new FrameCollector());

        // The capture sits above the injector, so it records what the stack sent, once.
        link.Send([7]);
        await link.DisposeAsync();
        Assert.Equal(1, file.Value.RecordsWritten);
        Assert.Equal(2, wire.B.FramesDelivered);
    }
}
