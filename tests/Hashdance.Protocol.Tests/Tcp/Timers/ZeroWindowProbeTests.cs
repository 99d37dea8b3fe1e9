using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;
using static Hashdance.Protocol.Tests.Tcp.Timers.TimerTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>tcp_probe_timer / tcp_send_probe0 / tcp_write_wakeup / tcp_ack_probe (ICSK_TIME_PROBE0).</summary>
public class ZeroWindowProbeTests
{
    [Fact]
    public void A_closed_window_is_probed_at_snd_una_minus_one_with_backoff_until_it_opens()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        Ack(core, output, 1, T0 + 10_000, window: 0);
        Assert.Equal(0u, core.SndWnd);

        core.Send(Payload(100), T0 + 20_000, output);

        // Nothing fits: tcp_check_probe_timer after tcp_probe0_base = max(RTO, 200 ms).
        Assert.Empty(output.Sent);
        Assert.Equal(T0 + 20_000 + Rto, output.Timers[TcpTimer.ZeroWindowProbe]);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));

        var t = T0 + 320_000;
        core.OnTimer(TcpTimer.ZeroWindowProbe, t, output);
        AssertBareProbe(output.Single(), 1, t);
        Assert.Empty(output.Sent[0].Payload);
        Assert.Equal(1, core.ProbesOut);
        Assert.Equal(1, core.Backoff);
        Assert.Equal(t + 600_000, output.Timers[TcpTimer.ZeroWindowProbe]);
        output.Clear();

        t += 600_000;
        core.OnTimer(TcpTimer.ZeroWindowProbe, t, output);
        AssertBareProbe(output.Single(), 1, t);
        Assert.Equal(2, core.ProbesOut);
        Assert.Equal(t + 1_200_000, output.Timers[TcpTimer.ZeroWindowProbe]);
        Assert.Equal(2, mib[MibCounter.TcpExtTCPWinProbe]);
        output.Clear();

        // The peer answers, still with a zero window: probes_out is cleared, the next probe keeps the backoff.
        var answer = t + 80_000;
        Ack(core, output, 1, answer, window: 0);
        Assert.Empty(output.Sent);
        Assert.Equal(0, core.ProbesOut);
        Assert.Equal(2, core.Backoff);
        Assert.Equal(answer + 1_200_000, output.Timers[TcpTimer.ZeroWindowProbe]);

        // The window opens: probing ends, the data goes at once.
        var open = answer + 300_000;
        Ack(core, output, 1, open);
        Assert.Equal(0, core.Backoff);
        Assert.False(output.Timers.ContainsKey(TcpTimer.ZeroWindowProbe));
        var data = output.Single();
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, data.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), data.Seq);
        Assert.Equal(Payload(100), output.Sent[0].Payload);
        Assert.Equal(0, mib[MibCounter.TcpRetransSegs]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPTimeouts]);
    }

    [Fact]
    public void Unanswered_probes_give_up_after_tcp_retries2_with_etimedout_and_the_interval_is_capped_at_rto_max()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        Ack(core, output, 1, T0 + 10_000, window: 0);
        core.Send(Payload(100), T0 + 20_000, output);

        var intervals = new List<long>();
        var t = output.Timers[TcpTimer.ZeroWindowProbe];
        while (core.State != TcpState.Close && intervals.Count < 40)
        {
            core.OnTimer(TcpTimer.ZeroWindowProbe, t, output);
            if (core.State == TcpState.Close || !output.Timers.TryGetValue(TcpTimer.ZeroWindowProbe, out var next)) break;
            intervals.Add(next - t);
            t = next;
        }

        Assert.Equal(TcpState.Close, core.State);
        Assert.Contains(TcpSocketEvent.TimedOut, output.Events);
        Assert.Equal(15, mib[MibCounter.TcpExtTCPWinProbe]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnTimeout]);
        // 300 ms doubled per probe (0.6, 1.2, ... 76.8 s), then TCP_RTO_MAX.
        long[] expected = [600_000, 1_200_000, 2_400_000, 4_800_000, 9_600_000, 19_200_000, 38_400_000, 76_800_000,
            120_000_000, 120_000_000, 120_000_000, 120_000_000, 120_000_000, 120_000_000, 120_000_000];
        Assert.Equal(expected, intervals);
    }

    [Fact]
    public void A_window_smaller_than_a_segment_is_not_used_until_the_probe_timer_sends_what_fits_with_psh()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(100, 50), T0, output);
        // The ACK of those 100 bytes offers a 1024-byte window (8 << 7): sender SWS avoidance keeps a 1448-byte
        // segment back.
        Ack(core, output, 101, T0 + 10_000, window: 8);
        output.Clear();
        core.Send(Payload(3000), T0 + 20_000, output);
        Assert.Empty(output.Sent);
        // The 10 ms RTT sample: RTO 296 ms.
        Assert.Equal(296_000, core.RtoMicros);
        Assert.Equal(T0 + 20_000 + 296_000, output.Timers[TcpTimer.ZeroWindowProbe]);

        var t = T0 + 316_000;
        Fire(core, output, TcpTimer.ZeroWindowProbe, t);

        var probe = output.Single();
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, probe.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 101), probe.Seq);
        Assert.Equal(Payload(3000)[..1024], output.Sent[0].Payload);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPWinProbe]);
        Assert.Equal(0, core.ProbesOut);
        Assert.Equal(0, core.Backoff);
        // The data is in flight: the RTO takes over from the probe timer.
        Assert.False(output.Timers.ContainsKey(TcpTimer.ZeroWindowProbe));
        Assert.Equal(t + 296_000, output.Timers[TcpTimer.Retransmit]);
    }

    [Fact]
    public void A_window_shrunk_to_zero_under_data_in_flight_turns_rtos_into_probes_without_timeouts_counted()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, sysctls: Hashdance.Protocol.Config.TcpSysctls.Default with { TcpEarlyRetrans = 0 });
        core.Send(Payload(100), T0, output);
        // The peer shrinks its window to zero without acknowledging anything.
        Ack(core, output, 1, T0 + 50_000, window: 0);
        output.Clear();

        core.OnTimer(TcpTimer.Retransmit, T0 + Rto, output);

        var head = output.Single();
        Assert.Equal(new SeqNum(ServerIsn + 1), head.Seq);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(0, core.Retransmits);
        Assert.Equal(0, core.Backoff);
        Assert.Equal(600_000, core.RtoMicros);
        Assert.Equal(T0 + Rto + 600_000, output.Timers[TcpTimer.Retransmit]);
    }

    [Fact]
    public void An_orphan_probing_a_closed_window_gives_up_after_tcp_orphan_retries_probes()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        Ack(core, output, 1, T0 + 10_000, window: 0);
        core.Send(Payload(100), T0 + 20_000, output);
        core.Close(T0 + 30_000, output);
        Assert.True(core.Orphaned);
        Assert.Equal(TcpState.FinWait1, core.State);
        Assert.Empty(output.Sent);

        var probes = 0;
        var t = output.Timers[TcpTimer.ZeroWindowProbe];
        while (core.State != TcpState.Close && probes < 40)
        {
            Fire(core, output, TcpTimer.ZeroWindowProbe, t);
            if (core.State == TcpState.Close) break;
            probes++;
            t = output.Timers[TcpTimer.ZeroWindowProbe];
        }

        // tcp_orphan_retries = 0 becomes 8 while the backed-off RTO is below TCP_RTO_MAX.
        Assert.Equal(8, probes);
        Assert.Equal(8, mib[MibCounter.TcpExtTCPWinProbe]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnTimeout]);
        Assert.Equal(TcpState.Close, core.State);
    }
}
