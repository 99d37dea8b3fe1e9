using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;
using static Hashdance.Protocol.Tests.Tcp.Timers.TimerTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>RACK loss detection (tcp_recovery = 1): tcp_rack_detect_loss and the reordering timer.</summary>
public class RackTests
{
    private static TcpSackBlock Segments(int first, int count) =>
        new(new SeqNum(ServerIsn + 1 + (uint)(first * Mss)), new SeqNum(ServerIsn + 1 + (uint)((first + count) * Mss)));

    [Fact]
    public void One_sack_waits_a_quarter_of_min_rtt_then_the_reordering_timer_marks_the_earlier_segments_lost()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        var data = Payload(3 * Mss);
        core.Send(data, T0, output);
        output.Clear();
        Assert.Equal(100_000, core.MinRttMicros);

        // The third segment is SACKed 100 ms after it was sent: RACK.rtt = 100 ms, reo_wnd = min_rtt / 4 = 25 ms.
        Ack(core, output, 1, T0 + 100_000, sack: Segments(2, 1));

        Assert.Empty(output.Sent);
        Assert.Equal(CongestionState.Disorder, core.CongestionState);
        Assert.Equal(0, core.LostOut);
        // 25 ms left + 2 ms, in whole jiffies: 28 ms; the reordering timer replaces the loss probe.
        Assert.Equal(T0 + 128_000, output.Timers[TcpTimer.ReorderTimeout]);
        Assert.False(output.Timers.ContainsKey(TcpTimer.LossProbe));

        Fire(core, output, TcpTimer.ReorderTimeout, T0 + 128_000);

        Assert.Equal(CongestionState.Recovery, core.CongestionState);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPSackRecovery]);
        Assert.Equal(2, core.LostOut);
        // PRR lets one segment go: the head.
        var head = output.Single();
        Assert.Equal(new SeqNum(ServerIsn + 1), head.Seq);
        Assert.Equal(data[..Mss], output.Sent[0].Payload);
        Assert.Equal(1, core.RetransOut);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPFastRetrans]);
        // The RTO runs from the head's retransmission.
        Assert.Equal(T0 + 128_000 + Rto, output.Timers[TcpTimer.Retransmit]);
    }

    [Fact]
    public void With_three_segments_sacked_there_is_no_reordering_window_and_recovery_starts_at_once()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(4 * Mss), T0, output);
        output.Clear();

        Ack(core, output, 1, T0 + 100_000, sack: Segments(1, 3));

        Assert.Equal(CongestionState.Recovery, core.CongestionState);
        Assert.Equal(1, core.LostOut);
        Assert.Equal(new SeqNum(ServerIsn + 1), output.Single().Seq);
        Assert.False(output.Timers.ContainsKey(TcpTimer.ReorderTimeout));
    }

    [Fact]
    public void Tcp_recovery_0_falls_back_to_the_dupthresh_scoreboard()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, sysctls: Hashdance.Protocol.Config.TcpSysctls.Default with { TcpRecovery = 0 });
        core.Send(Payload(3 * Mss), T0, output);
        output.Clear();

        Ack(core, output, 1, T0 + 100_000, sack: Segments(2, 1));

        Assert.Empty(output.Sent);
        Assert.False(output.Timers.ContainsKey(TcpTimer.ReorderTimeout));
        Assert.Equal(CongestionState.Disorder, core.CongestionState);
    }
}
