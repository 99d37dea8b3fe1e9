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

    [Fact]
    public void Fast_open_child_request_checks_and_syn_ack_timer_allocate_nothing()
    {
        var key = Crypto.FastOpenKey.Parse("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4");
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpFastopen = 0x203, TcpSynackRetries = 1000, TcpInvalidRatelimit = 0, TcpFastopenKey = key },
            SocketOptions.Default with { FastOpenQueue = 4 });
        var syn = Syn(payload: 10);
        Assert.Equal(ListenerVerdict.FastOpenChildCreated, bed.Listener.OnSegment(syn, default, T0, bed.Out, out var request));
        var child = TcpConnectionCore.FromFastOpenSyn(request!, bed.Context, syn, new byte[10], T0, bed.Out);
        var settings = TcpParseSettings.ForEstablished(true, true);
        var outside = Seg.Make(TcpFlags.Ack, ClientIsn + 11 + 70_000, request!.SntIsn.Value + 1, settings: settings);
        var challenged = Seg.Make(TcpFlags.Rst, ClientIsn + 20, settings: settings);
        var output = new CountingOutput();
        var now = T0;

        var allocated = Allocated(() =>
        {
            now += Second;
            child.OnSegment(syn, default, now, output);
            child.OnSegment(outside, default, now, output);
            child.OnSegment(challenged, default, now, output);
            child.OnTimer(TcpTimer.Retransmit, now, output);
        });

        Assert.Equal(0, allocated);
        Assert.True(child.PassiveFastOpen);
        Assert.NotEqual(0, output.Segments);
    }
}
