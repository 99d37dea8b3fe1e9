using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>
/// close() and shutdown() on a passive child (TS, SACK, WS 7; the handshake RTT of 100 ms gives RTO 300 ms).
/// Expected packets follow the packetdrill scripts of topic D (close-*, shutdown-*, fin_wait2_timeout).
/// </summary>
public class CloseTests
{
    private const long T0 = 100_000;
    private const long Rto = 300_000;

    private static (TcpConnectionCore Core, RecordingOutput Output, MibCounters Mib) Established(Protocol.Tcp.SocketOptions? options = null)
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        TcpConnectionCore core;
        if (options is null)
        {
            core = EstablishedChild(mib, output, T0);
        }
        else
        {
            var ack = FromClient(TcpFlags.Ack, 1, 1);
            core = TcpConnectionCore.FromRequest(Request(), Listener(mib, options: options), ack, T0);
            core.OnSegment(ack, default, T0, output);
            output.Clear();
        }
        return (core, output, mib);
    }

    private static uint TsAt(long micros) => (uint)(micros / 1000) + RequestTsOffset;

    [Fact]
    public void Handshake_rtt_of_100_ms_gives_an_rto_of_300_ms()
    {
        var (core, _, _) = Established();
        Assert.Equal(100_000, core.SmoothedRttMicros);
        Assert.Equal(200_000, core.RttVarMicros);
        Assert.Equal(Rto, core.RtoMicros);
    }

    [Fact]
    public void Passive_close_fin_to_close_wait_then_close_sends_fin_and_the_last_ack_closes()
    {
        var (core, output, mib) = Established();
        core.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 1, 1, tsVal: 1020), default, T0 + 10_000, output);
        Assert.Equal(TcpState.CloseWait, core.State);
        output.Clear();

        core.Close(T0 + 20_000, output);

        Assert.Equal(TcpState.LastAck, core.State);
        var fin = output.Single();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, fin.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), fin.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 2), fin.Ack);
        Assert.Equal(new TcpTimestamps(TsAt(T0 + 20_000), 1020), fin.Options.Timestamps);
        // The FIN arms the tail loss probe (PTO clamped to the RTO), which stands in for the RTO.
        Assert.Equal(T0 + 20_000 + Rto, output.Timers[TcpTimer.LossProbe]);
        Assert.Empty(output.Events);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 2, 2, tsVal: 1030), default, T0 + 30_000, output);

        Assert.Equal(TcpState.Close, core.State);
        Assert.Empty(output.Sent);
        Assert.Equal([TcpSocketEvent.Closed], output.Events);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));
        Assert.Null(core.TakeTimeWait());
        Assert.Equal(0, mib[MibCounter.TcpEstabResets]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPOrigDataSent]);
    }

    [Fact]
    public void Active_close_goes_fin_wait1_then_an_orphan_in_fin_wait2_becomes_a_60_s_time_wait_entry()
    {
        var (core, output, _) = Established();
        core.Close(T0 + 10_000, output);
        Assert.Equal(TcpState.FinWait1, core.State);
        var fin = output.Single();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, fin.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), fin.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 1), fin.Ack);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);

        Assert.Equal(TcpState.Close, core.State);
        Assert.Empty(output.Sent);
        Assert.Equal([TcpSocketEvent.Closed], output.Events);
        var tw = core.TakeTimeWait();
        Assert.NotNull(tw);
        Assert.Equal(TcpState.FinWait2, tw.Substate);
        Assert.Equal(60_000_000, tw.TimeoutMicros);
        Assert.Equal(T0 + 20_000 + 60_000_000, tw.DeadlineMicros);
        Assert.Equal(new SeqNum(ServerIsn + 2), tw.SndNxt);
        Assert.Equal(new SeqNum(ClientIsn + 1), tw.RcvNxt);
        Assert.Equal(1020u, tw.TsRecent);
        Assert.Equal(RequestTsOffset, tw.TsOffset);
        Assert.Null(core.TakeTimeWait());
    }

    [Fact]
    public void Shutdown_write_keeps_the_socket_readable_and_the_peer_fin_in_fin_wait2_gives_time_wait_with_an_ack()
    {
        var (core, output, _) = Established();
        Assert.Equal(0, core.Shutdown(ShutdownHow.Write, T0 + 10_000, output));
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, output.Single().Flags);
        Assert.Equal(0, core.Send(new byte[10], T0 + 10_000, output));
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);
        Assert.Equal(TcpState.FinWait2, core.State);
        Assert.False(output.Timers.ContainsKey(TcpTimer.FinWait2));

        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 2, payloadLength: 1000, tsVal: 1030), Payload(1000), T0 + 30_000, output);
        Assert.Equal(1000, core.ReadableBytes);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 1001, 2, tsVal: 1040), default, T0 + 40_000, output);

        var ack = output.Single();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 2), ack.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 1002), ack.Ack);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal([TcpSocketEvent.Closed, TcpSocketEvent.PeerClosed], output.Events);
        var tw = core.TakeTimeWait()!;
        Assert.Equal(TcpState.TimeWait, tw.Substate);
        Assert.Equal(60_000_000, tw.TimeoutMicros);
        Assert.Equal(new SeqNum(ClientIsn + 1002), tw.RcvNxt);
        Assert.Equal(1000, core.ReadableBytes);
    }

    [Fact]
    public void Simultaneous_close_goes_through_closing()
    {
        var (core, output, _) = Established();
        core.Close(T0 + 10_000, output);
        output.Clear();

        // The peer's FIN crosses ours: it does not acknowledge our FIN.
        core.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 1, 1, tsVal: 1020), default, T0 + 20_000, output);
        Assert.Equal(TcpState.Closing, core.State);
        var ack = output.Single();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 2), ack.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 2), ack.Ack);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 2, 2, tsVal: 1030), default, T0 + 30_000, output);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Empty(output.Sent);
        Assert.Equal(TcpState.TimeWait, core.TakeTimeWait()!.Substate);
    }

    [Fact]
    public void Fin_ack_acking_our_fin_in_fin_wait1_goes_straight_to_time_wait()
    {
        var (core, output, _) = Established();
        core.Close(T0 + 10_000, output);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);

        var ack = output.Single();
        Assert.Equal(new SeqNum(ServerIsn + 2), ack.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 2), ack.Ack);
        var tw = core.TakeTimeWait()!;
        Assert.Equal(TcpState.TimeWait, tw.Substate);
        Assert.False(output.Timers.ContainsKey(TcpTimer.FinWait2));
    }

    [Fact]
    public void Close_with_unread_data_sends_rst_ack_and_counts_abort_on_close()
    {
        var (core, output, mib) = Established();
        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 1000, tsVal: 1020), Payload(1000), T0 + 10_000, output);
        core.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 1001, 1, tsVal: 1030), default, T0 + 20_000, output);
        output.Clear();

        core.Close(T0 + 30_000, output);

        var rst = output.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), rst.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 1002), rst.Ack);
        Assert.Equal(new TcpTimestamps(TsAt(T0 + 30_000), 1030), rst.Options.Timestamps);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal([TcpSocketEvent.Closed], output.Events);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnClose]);
        Assert.Equal(1, mib[MibCounter.TcpEstabResets]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPAbortOnData]);
    }

    [Fact]
    public void Close_with_zero_linger_aborts_and_counts_abort_on_data()
    {
        var (core, output, mib) = Established(new Protocol.Tcp.SocketOptions { LingerSeconds = 0 });

        core.Close(T0 + 10_000, output);

        var rst = output.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), rst.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 1), rst.Ack);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnData]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPAbortOnClose]);
        Assert.Equal(1, mib[MibCounter.TcpEstabResets]);
    }

    [Fact]
    public void The_fin_rides_on_an_unsent_tail_segment()
    {
        var (core, output, _) = Established();
        core.Send(Payload(100), T0 + 10_000, output);
        // Nagle (Minshall) holds a second small segment while the first is unacknowledged.
        core.Send(Payload(50, 7), T0 + 10_000, output);
        Assert.Single(output.Sent);
        output.Clear();

        core.Close(T0 + 20_000, output);

        var sent = Assert.Single(output.Sent);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack, sent.Segment.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 101), sent.Segment.Seq);
        Assert.Equal(Payload(50, 7), sent.Payload);
        Assert.Equal(new SeqNum(ServerIsn + 152), core.SndNxt);
        Assert.Equal(new SeqNum(ServerIsn + 152), core.WriteSeq);
    }

    [Fact]
    public void An_unacknowledged_fin_gets_a_tail_loss_probe_then_rto_retransmissions_with_exponential_backoff()
    {
        var (core, output, mib) = Established();
        var t = T0 + 10_000;
        core.Close(t, output);
        // A lone FIN: PTO = 2 × srtt (100 ms) + tcp_rto_min = 400 ms, clamped to the RTO (300 ms).
        Assert.Equal(t + Rto, output.Timers[TcpTimer.LossProbe]);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));
        output.Clear();

        t += Rto;
        core.OnTimer(TcpTimer.LossProbe, t, output);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPLossProbes]);
        Assert.Equal(new SeqNum(ServerIsn + 2), core.TlpHighSeq);
        // The probe does not back off: the RTO restarts from the probe.
        Assert.Equal(t + Rto, output.Timers[TcpTimer.Retransmit]);
        Assert.False(output.Timers.ContainsKey(TcpTimer.LossProbe));

        var deadlines = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            t = output.Timers[TcpTimer.Retransmit];
            deadlines.Add(t);
            core.OnTimer(TcpTimer.Retransmit, t, output);
        }

        var probe = T0 + 10_000 + Rto;
        Assert.Equal([probe + 300_000, probe + 900_000, probe + 2_100_000], deadlines);
        Assert.Equal(4, output.Sent.Count);
        foreach (var s in output.Sent)
        {
            Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, s.Segment.Flags);
            Assert.Equal(new SeqNum(ServerIsn + 1), s.Segment.Seq);
        }
        Assert.Equal(t + 2_400_000, output.Timers[TcpTimer.Retransmit]);
        Assert.Equal(4, mib[MibCounter.TcpRetransSegs]);
        Assert.Equal(3, mib[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(3, core.Backoff);
        Assert.Null(core.TlpHighSeq);
    }

    [Fact]
    public void Linger2_of_1_s_is_raised_to_three_and_a_half_rto_and_counts_as_a_killed_time_wait()
    {
        var (core, output, _) = Established(new Protocol.Tcp.SocketOptions { Linger2Seconds = 1 });
        core.Close(T0 + 10_000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);

        var tw = core.TakeTimeWait()!;
        Assert.Equal(TcpState.FinWait2, tw.Substate);
        // The FIN's 10 ms RTT sample: srtt 88.75 ms, rttvar 205 ms, RTO ⌈293.75 ms⌉ = 74 jiffies;
        // 3.5 × RTO = (74 << 2) − (74 >> 1) = 259 jiffies > 250.
        Assert.Equal(88_750, core.SmoothedRttMicros);
        Assert.Equal(205_000, core.RttVarMicros);
        Assert.Equal(296_000, core.RtoMicros);
        Assert.Equal(1_036_000, tw.TimeoutMicros);
    }

    [Fact]
    public void Setsockopt_on_a_live_socket_takes_effect_at_close()
    {
        var (core, output, mib) = Established(Protocol.Tcp.SocketOptions.Default);
        core.SetOptions(core.Options with { Linger2Seconds = -1 });
        core.Close(T0 + 10_000, output);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);

        Assert.Equal(TcpFlags.Rst, output.Single().Flags);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal(-1, core.Options.Linger2Seconds);
    }

    [Fact]
    public void Negative_linger2_resets_an_orphan_when_its_fin_is_acknowledged()
    {
        var (core, output, mib) = Established(new Protocol.Tcp.SocketOptions { Linger2Seconds = -1 });
        core.Close(T0 + 10_000, output);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);

        var rst = output.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 2), rst.Seq);
        Assert.Equal(0, rst.Window);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnData]);
        Assert.Null(core.TakeTimeWait());
    }

    [Fact]
    public void Data_after_close_resets_the_connection()
    {
        var (core, output, mib) = Established();
        core.Close(T0 + 10_000, output);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 10, tsVal: 1020), Payload(10), T0 + 20_000, output);

        var rst = output.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), rst.Seq);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal([TcpSocketEvent.Reset], output.Events);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnData]);
    }

    [Fact]
    public void Shutdown_read_sends_nothing_and_data_stays_readable()
    {
        var (core, output, _) = Established();
        Assert.Equal(0, core.Shutdown(ShutdownHow.Read, T0 + 10_000, output));
        Assert.Empty(output.Sent);
        Assert.True(core.ReadShutdown);
        Assert.Equal(TcpState.Established, core.State);

        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 10, tsVal: 1020), Payload(10), T0 + 20_000, output);
        Assert.Equal(10, core.ReadableBytes);
        Assert.Equal(10, core.Send(Payload(10), T0 + 30_000, output));
    }

    [Fact]
    public void Shutdown_read_write_sends_the_fin_at_once_and_later_data_resets()
    {
        var (core, output, _) = Established();
        core.Shutdown(ShutdownHow.ReadWrite, T0 + 10_000, output);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, output.Single().Flags);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);
        Assert.Equal(TcpState.FinWait2, core.State);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, payloadLength: 5, tsVal: 1030), Payload(5), T0 + 30_000, output);

        Assert.Equal(TcpFlags.Rst, output.Single().Flags);
        Assert.Equal(TcpState.Close, core.State);
    }

    [Fact]
    public void Shutdown_of_a_closed_socket_is_enotconn_and_close_in_syn_sent_is_silent()
    {
        var output = new RecordingOutput();
        var core = TcpConnectionCore.Connect(ActiveTuple, Settings(new MibCounters()), T0, output);
        output.Clear();

        core.Close(T0 + 4000, output);

        Assert.Empty(output.Sent);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal([TcpSocketEvent.Closed], output.Events);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));
        Assert.Equal(Errno.ENOTCONN, core.Shutdown(ShutdownHow.Write, T0 + 8000, output));
    }
}
