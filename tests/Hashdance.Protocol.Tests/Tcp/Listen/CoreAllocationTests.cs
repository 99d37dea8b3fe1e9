using Hashdance.Protocol.Config;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>The per-segment paths of both cores allocate nothing (only a new request does).</summary>
public class CoreAllocationTests
{
    /// <summary>An output that only counts, so that the measurement sees the cores alone.</summary>
    private sealed class CountingOutput : ITcpOutput
    {
        public long Segments;
        public long Timers;
        public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => Segments += segment.Seq.Value | 1;
        public void ArmTimer(TcpTimer timer, long deadlineMicros) => Timers++;
        public void CancelTimer(TcpTimer timer) => Timers--;
        public void Notify(TcpSocketEvent socketEvent) { }
    }

    private static long Allocated(Action work)
    {
        work(); // JIT and static initialisation first
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
            work();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Listener_cookie_and_reset_paths_allocate_nothing()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSyncookies = 2 });
        bed.Listener.SynFloodWarning += _ => { };
        var output = new CountingOutput();
        var syn = Syn();
        var stray = Ack(ClientIsn + 1, 4242, port: 40001);
        var now = T0;

        var allocated = Allocated(() =>
        {
            now += Milli;
            bed.Listener.OnSegment(syn, default, now, output, out _);
            bed.Listener.OnSegment(stray, default, now, output, out _);
        });

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, output.Segments);
    }

    [Fact]
    public void Request_segment_and_timer_paths_allocate_nothing()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSynackRetries = 1000, TcpInvalidRatelimit = 0 });
        var core = bed.Open(Syn());
        var s = bed.ExpectedIsn();
        var output = new CountingOutput();
        var duplicate = Syn();
        var outside = Ack(ClientIsn + 1 + 70_000, s + 1);
        var wrongAck = Ack(ClientIsn + 1, s + 9);
        var now = T0;

        var allocated = Allocated(() =>
        {
            now += Second;
            core.OnSegment(duplicate, now, output);
            core.OnSegment(outside, now, output);
            core.OnSegment(wrongAck, now, output);
            core.OnTimer(now, output);
        });

        Assert.Equal(0, allocated);
        Assert.False(core.IsRemoved);
        Assert.NotEqual(0, output.Segments);
    }
}
