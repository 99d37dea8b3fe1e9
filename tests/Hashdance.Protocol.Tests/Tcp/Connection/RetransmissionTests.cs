using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

public class RetransmissionTests
{
    private const long T0 = 100_000;
    private const int Mss = 1448;

    /// <summary>tcp_early_retrans = 0: no tail loss probe, so these tests see the RTO and SACK recovery alone.</summary>
    private static readonly Hashdance.Protocol.Config.TcpSysctls NoTlp = Hashdance.Protocol.Config.TcpSysctls.Default with { TcpEarlyRetrans = 0 };

    private static TcpConnectionCore Child(MibCounters mib, RecordingOutput output, string? congestion = null)
    {
        var listener = Listener(mib, NoTlp, options: congestion is null ? null : new SocketOptions { CongestionControl = congestion });
        var ack = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(), listener, ack, T0);
        core.OnSegment(ack, default, T0, output);
        output.Clear();
        return core;
    }

    private static void AckFromClient(TcpConnectionCore core, RecordingOutput output, uint ackOffset, long now, TcpSackBlock? sack = null) =>
        core.OnSegment(FromClient(TcpFlags.Ack, 1, ackOffset, sack: sack), default, now, output);

    private static TcpSackBlock Sacked(int firstSegment, int segments) =>
        new(new SeqNum(ServerIsn + 1 + (uint)(firstSegment * Mss)), new SeqNum(ServerIsn + 1 + (uint)((firstSegment + segments) * Mss)));

    [Fact]
    public void Rto_retransmits_the_head_with_cwnd_one_and_backs_off_exponentially_then_resends_the_rest_as_acks_arrive()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        // The SYN-ACK's 100 ms sample: RTO = 100 ms + max(2 × 100 ms, tcp_rto_min 200 ms) = 300 ms.
        Assert.Equal(300_000, core.RtoMicros);
        var data = Payload(3000);

        core.Send(data, T0, output);

        Assert.Equal([Mss, Mss, 104], output.Sent.Select(s => s.Payload.Length));
        Assert.Equal(T0 + 300_000, output.Timers[TcpTimer.Retransmit]);
        output.Clear();

        core.OnTimer(TcpTimer.Retransmit, T0 + 300_000, output);

        var first = output.Single();
        Assert.Equal(new SeqNum(ServerIsn + 1), first.Seq);
        Assert.Equal(data[..Mss], output.Sent[0].Payload);
        Assert.Equal(CongestionState.Loss, core.CongestionState);
        Assert.Equal(1, core.SndCwnd);
        Assert.Equal(7, core.SndSsthresh); // CUBIC: max(10 × 717 / 1024, 2)
        Assert.Equal(3, core.LostOut);
        Assert.Equal(1, core.RetransOut);
        Assert.Equal(T0 + 900_000, output.Timers[TcpTimer.Retransmit]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(1, mib[MibCounter.TcpRetransSegs]);
        output.Clear();

        core.OnTimer(TcpTimer.Retransmit, T0 + 900_000, output);
        Assert.Equal(new SeqNum(ServerIsn + 1), output.Single().Seq);
        Assert.Equal(T0 + 900_000 + 1_200_000, output.Timers[TcpTimer.Retransmit]);
        Assert.Equal(2, core.Backoff);
        output.Clear();

        // The head's ACK: slow start from one segment to two, the two lost segments go again.
        AckFromClient(core, output, 1 + Mss, T0 + 1_000_000);

        Assert.Equal(2, core.SndCwnd);
        Assert.Equal([new SeqNum(ServerIsn + 1 + Mss), new SeqNum(ServerIsn + 1 + 2 * Mss)], output.Sent.Select(s => s.Segment.Seq));
        Assert.Equal(data[(2 * Mss)..], output.Sent[1].Payload);
        Assert.Equal(2, mib[MibCounter.TcpExtTCPSlowStartRetrans]);
        output.Clear();

        AckFromClient(core, output, 3001, T0 + 1_100_000);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(0, core.PacketsOut);
        Assert.Equal(0, core.SendQueueBytes);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));
    }

    [Fact]
    public void Retransmissions_give_up_with_etimedout_after_tcp_retries2()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(100), T0, output);
        var expiries = 0;
        while (core.State != TcpState.Close && expiries < 40)
        {
            core.OnTimer(TcpTimer.Retransmit, output.Timers[TcpTimer.Retransmit], output);
            expiries++;
        }

        Assert.Equal(TcpState.Close, core.State);
        Assert.Contains(TcpSocketEvent.TimedOut, output.Events);
        // 15 retransmissions (tcp_retries2), the 16th expiry finds the modelled 924.6 s exceeded.
        Assert.Equal(16, expiries);
        Assert.Equal(15, mib[MibCounter.TcpRetransSegs]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnTimeout]);
        Assert.Equal(120_000_000, core.RtoMicros);
    }

    [Theory]
    [InlineData("cubic", 7, 8)]
    [InlineData("reno", 5, 6)]
    public void Three_sacked_segments_start_recovery_and_fast_retransmit_the_head(string congestion, int ssthresh, int cwndAfter)
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, congestion);
        Assert.Equal(congestion, core.CongestionControl.Name);
        var data = Payload(10 * Mss);
        core.Send(data, T0, output);
        Assert.Equal(10, output.Sent.Count);
        output.Clear();

        AckFromClient(core, output, 1, T0 + 100_000, Sacked(1, 1));
        AckFromClient(core, output, 1, T0 + 100_100, Sacked(1, 2));
        Assert.Empty(output.Sent);
        Assert.Equal(CongestionState.Disorder, core.CongestionState);

        AckFromClient(core, output, 1, T0 + 100_200, Sacked(1, 3));

        Assert.Equal(CongestionState.Recovery, core.CongestionState);
        var retransmission = output.Single();
        Assert.Equal(new SeqNum(ServerIsn + 1), retransmission.Seq);
        Assert.Equal(data[..Mss], output.Sent[0].Payload);
        Assert.Equal(ssthresh, core.SndSsthresh);
        Assert.Equal(7, core.SndCwnd); // PRR: in flight 6 + sndcnt 1
        Assert.Equal(1, mib[MibCounter.TcpExtTCPSackRecovery]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPFastRetrans]);
        output.Clear();

        AckFromClient(core, output, 1 + 10 * Mss, T0 + 200_000);

        // tcp_end_cwnd_reduction sets cwnd = ssthresh; the same ACK's 7 newly delivered segments then grow it in
        // congestion avoidance (Reno: +1 per 5 ACKed; CUBIC: cnt 7 below W_max 10).
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(cwndAfter, core.SndCwnd);
        Assert.Equal(0, core.PacketsOut);
    }

    [Theory]
    [InlineData("cubic")]
    [InlineData("reno")]
    public void Slow_start_doubles_the_initial_window_per_round_trip(string congestion)
    {
        var output = new RecordingOutput();
        var core = Child(new MibCounters(), output, congestion);
        core.Send(Payload(30 * Mss), T0, output);
        Assert.Equal(10, output.Sent.Count);
        output.Clear();

        AckFromClient(core, output, 1 + 10 * Mss, T0 + 100_000);

        Assert.Equal(20, core.SndCwnd);
        Assert.Equal(20, output.Sent.Count);
    }
}
