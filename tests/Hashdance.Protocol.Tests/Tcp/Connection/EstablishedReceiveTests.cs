using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

public class EstablishedReceiveTests
{
    private const long T0 = 100_000;

    [Fact]
    public void Ack_then_data_is_queued_readable_and_acked_immediately()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);

        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 300, tsVal: 1020), Payload(300, 7), T0 + 4000, output);

        Assert.Equal([TcpSocketEvent.DataReadable], output.Events);
        Assert.Equal(300, core.ReadableBytes);
        var ack = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 301), ack.Ack);
        Assert.Equal(new SeqNum(ServerIsn + 1), ack.Seq);
        Assert.Equal(new TcpTimestamps((uint)((T0 + 4000) / 1000) + RequestTsOffset, 1020), ack.Options.Timestamps);
        Assert.Equal(1020u, core.TsRecent);
        var buffer = new byte[1000];
        Assert.Equal(300, core.Read(buffer));
        Assert.Equal(Payload(300, 7), buffer[..300]);
        Assert.Equal(0, core.Read(buffer));
    }

    [Fact]
    public void Quick_acks_run_out_after_sixteen_segments_then_acks_are_delayed()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var now = T0;
        uint seq = 1;
        for (var i = 0; i < 16; i++)
        {
            now += 100_000;
            core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, seq, 1, payloadLength: 10), Payload(10), now, output);
            seq += 10;
            Assert.Equal(new SeqNum(ClientIsn + seq), output.Single().Ack);
            output.Clear();
            core.Read(new byte[64]);
        }
        Assert.Equal(0, core.QuickAcks);

        now += 100_000;
        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, seq, 1, payloadLength: 10), Payload(10), now, output);
        Assert.Empty(output.Sent);
        var deadline = output.Timers[TcpTimer.DelayedAck];
        // ATO after quick-ack mode is TCP_ATO_MIN (40 ms).
        Assert.Equal(now + 40_000, deadline);

        core.OnTimer(TcpTimer.DelayedAck, deadline, output);
        Assert.Equal(new SeqNum(ClientIsn + seq + 10), output.Single().Ack);
        Assert.Equal(1, mib[MibCounter.TcpExtDelayedACKs]);
    }

    [Fact]
    public void Duplicate_data_is_not_delivered_twice_and_is_reported_with_a_dsack()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, payloadLength: 100), Payload(100), T0 + 4000, output);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, payloadLength: 100), Payload(100), T0 + 8000, output);

        Assert.Equal(100, core.ReadableBytes);
        var dup = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 101), dup.Ack);
        Assert.Equal(1, dup.Options.SackBlockCount);
        Assert.Equal(new TcpSackBlock(new SeqNum(ClientIsn + 1), new SeqNum(ClientIsn + 101)), dup.Options.SackBlocks[0]);
        Assert.Equal(1, mib[MibCounter.TcpExtDelayedACKLost]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPDSACKOldSent]);
    }

    [Fact]
    public void A_partly_duplicate_segment_delivers_only_its_new_tail()
    {
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);
        var data = Payload(150);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, payloadLength: 100), data.AsSpan(0, 100), T0 + 4000, output);
        output.Clear();

        core.OnSegment(FromClient(TcpFlags.Ack, 51, 1, payloadLength: 100), data.AsSpan(50, 100), T0 + 8000, output);

        Assert.Equal(150, core.ReadableBytes);
        var buffer = new byte[200];
        Assert.Equal(150, core.Read(buffer));
        Assert.Equal(data, buffer[..150]);
        var ack = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 151), ack.Ack);
        Assert.Equal(new TcpSackBlock(new SeqNum(ClientIsn + 51), new SeqNum(ClientIsn + 101)), ack.Options.SackBlocks[0]);
    }

    [Theory]
    [InlineData(T0)]
    [InlineData(1_893_456_000_000_000L)] // 2030-01-01 in Unix µs: far past the 2^32-jiffy wrap of a 32-bit deadline
    public void A_fin_moves_to_close_wait_and_its_ack_is_delayed_in_interactive_mode(long t0)
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, t0);
        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 20), Payload(20), t0 + 4000, output);
        output.Clear();
        var now = t0 + 200_000;

        core.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 21, 1), default, now, output);

        Assert.Equal(TcpState.CloseWait, core.State);
        Assert.Equal([TcpSocketEvent.PeerClosed], output.Events);
        Assert.Equal(new SeqNum(ClientIsn + 22), core.RcvNxt);
        Assert.True(core.PeerFinished);
        Assert.True(core.PingPong);
        // tcp_fin enters pingpong mode: the ACK waits for the delayed-ACK timer (ATO 40 ms) or a reply.
        Assert.Empty(output.Sent);
        var deadline = output.Timers[TcpTimer.DelayedAck];
        Assert.Equal(now + 40_000, deadline);

        core.OnTimer(TcpTimer.DelayedAck, deadline, output);
        var ack = output.Single();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(new SeqNum(ClientIsn + 22), ack.Ack);
        Assert.False(core.PingPong);
        Assert.Equal(20, core.ReadableBytes);
    }

    [Fact]
    public void A_reset_at_rcv_nxt_resets_the_connection()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);

        core.OnSegment(FromClient(TcpFlags.Rst, 1, 0), default, T0 + 4000, output);

        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal([TcpSocketEvent.Reset], output.Events);
        Assert.Empty(output.Sent);
        Assert.Equal(1, mib[MibCounter.TcpEstabResets]);
    }

    [Fact]
    public void A_reset_in_window_but_not_at_rcv_nxt_gets_a_rate_limited_challenge_ack()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);

        core.OnSegment(FromClient(TcpFlags.Rst, 1001, 0), default, T0 + 4000, output);

        Assert.Equal(TcpState.Established, core.State);
        var challenge = output.Single();
        Assert.Equal(TcpFlags.Ack, challenge.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), challenge.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 1), challenge.Ack);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPChallengeACK]);

        output.Clear();
        core.OnSegment(FromClient(TcpFlags.Rst, 1002, 0), default, T0 + 104_000, output);
        Assert.Empty(output.Sent);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPACKSkippedChallenge]);

        core.OnSegment(FromClient(TcpFlags.Rst, 1003, 0), default, T0 + 504_000, output);
        Assert.Single(output.Sent);
        Assert.Equal(2, mib[MibCounter.TcpExtTCPChallengeACK]);
    }

    [Fact]
    public void A_reset_outside_the_window_is_ignored()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);

        core.OnSegment(FromClient(TcpFlags.Rst, 200_000, 0), default, T0 + 4000, output);

        Assert.Equal(TcpState.Established, core.State);
        Assert.Empty(output.Sent);
    }

    [Fact]
    public void A_syn_on_an_established_connection_gets_a_challenge_ack()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);

        core.OnSegment(Seg.Make(TcpFlags.Syn, ClientIsn + 500, 0, 64_240, Seg.LinuxSynOptions(2000), settings: Established),
            default, T0 + 4000, output);

        Assert.Equal(TcpState.Established, core.State);
        var challenge = output.Single();
        Assert.Equal(TcpFlags.Ack, challenge.Flags);
        Assert.Equal(new SeqNum(ClientIsn + 1), challenge.Ack);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPSYNChallenge]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPChallengeACK]);
        Assert.Equal(1, mib[MibCounter.TcpInErrs]);
    }

    [Fact]
    public void Paws_rejects_data_with_an_old_timestamp_and_answers_with_a_dupack()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, payloadLength: 10, tsVal: ClientTsVal - 100), Payload(10), T0 + 4000, output);

        Assert.Equal(0, core.ReadableBytes);
        Assert.Equal(new SeqNum(ClientIsn + 1), output.Single().Ack);
        Assert.Equal(1, mib[MibCounter.TcpExtPAWSEstab]);
        Assert.Equal(ClientTsVal + 10, core.TsRecent);
    }

    [Fact]
    public void Data_beyond_the_window_is_dropped_with_an_ack()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);

        core.OnSegment(FromClient(TcpFlags.Ack, 70_001, 1, payloadLength: 10), Payload(10), T0 + 4000, output);

        Assert.Equal(0, core.ReadableBytes);
        Assert.Equal(new SeqNum(ClientIsn + 1), output.Single().Ack);
    }

    [Fact]
    public void An_ack_for_data_never_sent_is_discarded_with_its_payload()
    {
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);

        core.OnSegment(FromClient(TcpFlags.Ack, 1, 500, payloadLength: 10), Payload(10), T0 + 4000, output);

        Assert.Equal(0, core.ReadableBytes);
        Assert.Empty(output.Sent);
        Assert.Equal(new SeqNum(ServerIsn + 1), core.SndUna);
    }

    [Fact]
    public void Reading_a_pushed_segment_whose_ack_was_delayed_sends_the_ack_at_once()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var now = T0;
        uint seq = 1;
        for (var i = 0; i < 17; i++)
        {
            now += 100_000;
            core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, seq, 1, payloadLength: 10), Payload(10), now, output);
            seq += 10;
            if (i < 16) core.Read(new byte[64]);
        }
        output.Clear();
        Assert.True(output.Timers.ContainsKey(TcpTimer.DelayedAck));

        Assert.Equal(10, core.Read(new byte[64], now + 4000, output));

        Assert.Equal(new SeqNum(ClientIsn + seq), output.Single().Ack);
        Assert.False(output.Timers.ContainsKey(TcpTimer.DelayedAck));
    }
}
