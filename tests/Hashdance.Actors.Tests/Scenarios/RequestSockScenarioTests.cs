using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>Spec §15 S4–S8 (segments for an existing request sock, tcp_check_req) with the §17 overrides.</summary>
public sealed class RequestSockScenarioTests : StackUnderTest
{
    private const long Ms = 1000;

    [Fact]
    public void S4_duplicate_syn_gets_the_syn_ack_again_a_second_one_within_500_ms_nothing_and_the_timer_restarts()
    {
        var listener = Bind();
        var t0 = NowMicros;
        var flow = SynAndSynAck();

        // §17.6: the first SYN-ACK does not arm the limiter, so a duplicate 100 ms later is answered with the same ISN.
        AdvanceToMicros(t0 + 100 * Ms);
        flow.Syn(PeerFlow.LinuxSynOptions(100));
        flow.ExpectSynAck(window: 65160, options: LinuxSynAckOptions(StackTsVal(t0 + 100 * Ms), 100), atMicros: t0 + 100 * Ms);
        AdvanceToMicros(t0 + 200 * Ms);
        flow.Syn(PeerFlow.LinuxSynOptions(100));
        ExpectNoFrame();
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPACKSkippedSynRecv]);

        // 500 ms after the last answer the limiter lets the next duplicate through again.
        AdvanceToMicros(t0 + 700 * Ms);
        flow.Syn(PeerFlow.LinuxSynOptions(100));
        flow.ExpectSynAck(atMicros: t0 + 700 * Ms);

        // Each answer re-armed the request timer for now + 1 s: nothing at +1 s, the next SYN-ACK at +1.7 s, then
        // the backed-off 2 s later.
        AdvanceToMicros(t0 + 1700 * Ms - 1);
        ExpectNoFrame();
        AdvanceToMicros(t0 + 1700 * Ms);
        flow.ExpectSynAck(options: LinuxSynAckOptions(StackTsVal(t0 + 1700 * Ms), 100), atMicros: t0 + 1700 * Ms);
        AdvanceToMicros(t0 + 3700 * Ms);
        flow.ExpectSynAck(atMicros: t0 + 3700 * Ms);
        Assert.Equal(4, Counters[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(2, Counters[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(1, QueueState(listener).RequestQueueLength);
        Assert.Single(Tables().Ehash);
    }

    [Fact]
    public void S5_new_syn_with_another_isn_in_the_window_gets_rst_ack_and_kills_the_request()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        flow.Syn(PeerFlow.LinuxSynOptions(100), seq: flow.PeerIsn + 1000);
        ExpectSegment(TcpFlags.Rst | TcpFlags.Ack, new SeqNum(0), flow.PeerIsn + 1001, window: 0, options: []);
        AssertRequestKilledAndLateAckReset(listener, flow);
    }

    [Fact]
    public void S5_new_syn_out_of_the_window_gets_an_ack_for_the_request_which_stays()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        var t0 = NowMicros;
        flow.Syn(PeerFlow.LinuxSynOptions(100), seq: flow.PeerIsn - 100_000);
        // win = min(rsk_rcv_wnd, 65535) >> wscale = 65160 >> 10.
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1, window: 63, options: TimestampOptions(StackTsVal(t0), 100));

        Assert.True(Tables().Ehash.ContainsKey(flow.Tuple));
        Assert.Equal(1, QueueState(listener).RequestQueueLength);
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0));
        ExpectNoFrame();
        Accept(listener);
    }

    [Fact]
    public void S6_ack_with_a_wrong_ack_number_gets_rst_seq_that_ack_and_a_later_correct_ack_still_completes()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        var t0 = NowMicros;
        flow.Segment(ackOffset: 99, tsVal: 101, tsEcr: StackTsVal(t0));
        ExpectStatelessReset(flow.StackIsn + 100);
        Assert.True(Tables().Ehash.ContainsKey(flow.Tuple));
        Assert.Equal(1, QueueState(listener).RequestQueueLength);

        flow.Ack(tsVal: 102, tsEcr: StackTsVal(t0));
        ExpectNoFrame();
        Accept(listener);
        Assert.Equal(1, Counters[MibCounter.TcpPassiveOpens]);
    }

    [Fact]
    public void S7_out_of_window_and_paws_old_acks_get_the_request_ack_rate_limited_to_one_per_500_ms()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        var t0 = NowMicros;
        var synAckTs = StackTsVal(t0);

        AdvanceToMicros(t0 + 10 * Ms);
        flow.Segment(dataOffset: 100_000, tsVal: 101, tsEcr: synAckTs);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1, window: 63,
            options: TimestampOptions(StackTsVal(t0 + 10 * Ms), 100), atMicros: t0 + 10 * Ms);
        AdvanceToMicros(t0 + 20 * Ms);
        flow.Segment(dataOffset: 100_000, tsVal: 101, tsEcr: synAckTs);
        ExpectNoFrame();
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPACKSkippedSynRecv]);

        // PAWS: TSval 50 is older than the SYN's 100.
        AdvanceToMicros(t0 + 600 * Ms);
        flow.Ack(tsVal: 50, tsEcr: synAckTs);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1, window: 63,
            options: TimestampOptions(StackTsVal(t0 + 600 * Ms), 100), atMicros: t0 + 600 * Ms);
        Assert.Equal(1, Counters[MibCounter.TcpExtPAWSEstab]);
        Assert.Equal(0, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(1, QueueState(listener).RequestQueueLength);

        flow.Ack(tsVal: 102, tsEcr: synAckTs);
        ExpectNoFrame();
        Accept(listener);
    }

    [Fact]
    public void S8_rst_exactly_at_rcv_nxt_removes_the_request_silently_and_the_next_ack_gets_rst()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        flow.Segment(flags: TcpFlags.Rst);
        ExpectNoFrame();        AssertRequestKilledAndLateAckReset(listener, flow);
    }

    [Fact]
    public void S8_rst_in_the_window_but_not_exact_gets_a_challenge_ack_and_out_of_window_or_at_the_isn_nothing()
    {
        var listener = Bind();
        var t0 = NowMicros;
        var flow = SynAndSynAck();

        flow.Segment(dataOffset: 100, flags: TcpFlags.Rst);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1, window: 63, options: TimestampOptions(StackTsVal(t0), 100));
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPChallengeACK]);

        flow.Segment(dataOffset: 100_000, flags: TcpFlags.Rst);
        flow.Send(TcpFlags.Rst, flow.PeerIsn, default, window: 0);
        ExpectNoFrame();
        Assert.Equal(0, Counters[MibCounter.TcpExtEmbryonicRsts]);
        Assert.Equal(1, QueueState(listener).RequestQueueLength);

        // The SYN-ACK timer was left alone.
        AdvanceToMicros(t0 + 1_000_000);
        flow.ExpectSynAck(atMicros: t0 + 1_000_000);
    }

    /// <summary>An embryonic reset removed the request (EmbryonicRsts, AttemptFails); the peer's ACK then finds no socket.</summary>
    private void AssertRequestKilledAndLateAckReset(BoundListener listener, PeerFlow flow)
    {
        Assert.Empty(Tables().Ehash);
        Assert.Equal(0, QueueState(listener).RequestQueueLength);
        Assert.Equal(1, Counters[MibCounter.TcpExtEmbryonicRsts]);
        Assert.Equal(1, Counters[MibCounter.TcpAttemptFails]);

        flow.Ack();
        ExpectStatelessReset(flow.StackIsn + 1);
    }
}
