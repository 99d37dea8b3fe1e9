using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;
using static Hashdance.Protocol.Tests.Tcp.Timers.TimerTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>RACK-TLP's tail loss probe: tcp_schedule_loss_probe, tcp_send_loss_probe, tcp_process_tlp_ack.</summary>
public class TailLossProbeTests
{
    private static TcpSackBlock Block(uint start, uint end) => new(new SeqNum(ServerIsn + start), new SeqNum(ServerIsn + end));

    [Fact]
    public void Several_segments_out_get_a_probe_after_two_srtt_plus_2_ms_which_resends_the_last_segment()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        var data = Payload(3000);
        core.Send(data, T0, output);
        Assert.Equal(3, output.Sent.Count);
        // PTO = 2 × 100 ms + 2 ms, rounded up to whole jiffies (204 ms), below the RTO (300 ms).
        Assert.Equal(T0 + 204_000, output.Timers[TcpTimer.LossProbe]);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));
        output.Clear();

        var t = T0 + 204_000;
        core.OnTimer(TcpTimer.LossProbe, t, output);

        var probe = output.Single();
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, probe.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1 + 2 * Mss), probe.Seq);
        Assert.Equal(data[(2 * Mss)..], output.Sent[0].Payload);
        Assert.Equal(new SeqNum(ServerIsn + 3001), core.TlpHighSeq);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPLossProbes]);
        Assert.Equal(1, mib[MibCounter.TcpRetransSegs]);
        Assert.Equal(0, core.RetransOut);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(t + Rto, output.Timers[TcpTimer.Retransmit]);
        Assert.False(output.Timers.ContainsKey(TcpTimer.LossProbe));
    }

    [Fact]
    public void A_single_segment_out_waits_for_a_delayed_ack_and_the_probe_is_clamped_to_the_rto()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(100), T0, output);
        // 2 × srtt + tcp_rto_min = 400 ms > RTO 300 ms.
        Assert.Equal(T0 + Rto, output.Timers[TcpTimer.LossProbe]);
    }

    [Fact]
    public void New_data_waiting_behind_the_congestion_window_is_the_probe()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        var data = Payload(12 * Mss);
        core.Send(data, T0, output);
        Assert.Equal(10, output.Sent.Count);
        output.Clear();

        core.OnTimer(TcpTimer.LossProbe, T0 + 204_000, output);

        var probe = output.Single();
        Assert.Equal(new SeqNum(ServerIsn + 1 + 10 * Mss), probe.Seq);
        Assert.Equal(data[(10 * Mss)..(11 * Mss)], output.Sent[0].Payload);
        Assert.Equal(new SeqNum(ServerIsn + 1 + 11 * Mss), core.TlpHighSeq);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPLossProbes]);
        Assert.Equal(0, mib[MibCounter.TcpRetransSegs]);
        Assert.Equal(11, core.PacketsOut);
    }

    [Fact]
    public void A_probe_that_repaired_a_tail_loss_reduces_cwnd_once_the_ack_passes_tlp_high_seq()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(3000), T0, output);
        core.OnTimer(TcpTimer.LossProbe, T0 + 204_000, output);
        // The original last segment was lost: the probe's copy completes the data.
        Ack(core, output, 3001, T0 + 310_000);
        Assert.Equal(new SeqNum(ServerIsn + 3001), core.TlpHighSeq);
        core.Send(Payload(100, 9), T0 + 320_000, output);

        Ack(core, output, 3101, T0 + 420_000);

        Assert.Null(core.TlpHighSeq);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPLossProbeRecovery]);
        Assert.Equal(7, core.SndSsthresh);
        Assert.Equal(7, core.SndCwnd);
        Assert.Equal(CongestionState.Open, core.CongestionState);
    }

    [Fact]
    public void A_dsack_for_the_probe_shows_that_nothing_was_lost()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(3000), T0, output);
        core.OnTimer(TcpTimer.LossProbe, T0 + 204_000, output);
        Ack(core, output, 3001, T0 + 300_000);

        Ack(core, output, 3001, T0 + 310_000, sack: Block(1 + 2 * Mss, 3001));

        Assert.Null(core.TlpHighSeq);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPDSACKRecv]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPLossProbeRecovery]);
        Assert.Equal(CongestionState.Open, core.CongestionState);
    }

    [Fact]
    public void Without_sack_there_is_no_loss_probe()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, sysctls: Hashdance.Protocol.Config.TcpSysctls.Default with { TcpEarlyRetrans = 2 });
        core.Send(Payload(3000), T0, output);
        Assert.False(output.Timers.ContainsKey(TcpTimer.LossProbe));
        Assert.Equal(T0 + Rto, output.Timers[TcpTimer.Retransmit]);
    }
}
