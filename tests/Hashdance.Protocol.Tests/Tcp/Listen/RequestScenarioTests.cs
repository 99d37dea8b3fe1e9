using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>Spec §15 scenarios on an existing request sock (tcp_check_req), with the §17 overrides.</summary>
public class RequestScenarioTests
{
    private readonly ListenTestBed _bed = new();
    private readonly RequestSockCore _core;
    private readonly uint _s;

    public RequestScenarioTests()
    {
        _core = _bed.Open(Syn());
        _s = _bed.ExpectedIsn();
        _bed.Out.Clear();
    }

    private RecordingOutput Out => _bed.Out;

    /// <summary>The reqsk ACK of S5/S7: seq s+1, ack c+1, 65160 >> 10, NOP,NOP,TS.</summary>
    private void AssertRequestAck(OutSegment ack, long now)
    {
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(_s + 1, ack.Seq.Value);
        Assert.Equal(ClientIsn + 1, ack.Ack.Value);
        Assert.Equal(65160 >> 10, ack.Window);
        Assert.Equal(Bytes("0101080a {val} {ecr}", _bed.TsVal(now), ClientTsVal), OptionBytes(ack));
        Assert.True(ack.DontFragment);
        Assert.Equal(0, ack.IpId);
    }

    [Fact]
    public void S4_duplicate_syn_is_answered_at_once_then_rate_limited_for_500_ms()
    {
        var dup = Syn();
        var t1 = T0 + 100 * Milli; // §17.6: the first SYN-ACK did not arm the limiter
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(dup, t1, Out));
        var synAck = Out.Single();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(_s, synAck.Seq.Value);
        Assert.Equal(ClientIsn + 1, synAck.Ack.Value);
        Assert.Equal(t1 + Second, Out.Timers[TcpTimer.SynAck]); // restarted with the (un-backed-off) timeout
        Assert.Equal(1, _bed[MibCounter.TcpRetransSegs]);
        Assert.Equal(1, _bed[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(1, _core.State.NumRetrans);
        Assert.Equal(0, _core.State.NumTimeout);
        Out.Clear();

        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(dup, t1 + 450 * Milli, Out));
        Assert.Empty(Out.Sent);
        Assert.Empty(Out.TimerLog);
        Assert.Equal(1, _bed[MibCounter.TcpExtTCPACKSkippedSynRecv]);

        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(dup, t1 + 500 * Milli, Out)); // 125 jiffies later
        Assert.Equal(_s, Out.Single().Seq.Value);
        Assert.Equal(2, _bed[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(1, _bed.Context.Queue.Length);
    }

    [Fact]
    public void S4_duplicate_syn_after_a_timeout_restarts_the_timer_with_the_backed_off_timeout()
    {
        _core.OnTimer(T0 + Second, Out);
        Out.Clear();
        var at = T0 + 1500 * Milli;
        _core.OnSegment(Syn(), at, Out);
        Assert.Single(Out.Sent);
        Assert.Equal(at + 2 * Second, Out.Timers[TcpTimer.SynAck]);
    }

    [Fact]
    public void S5_new_syn_inside_the_window_resets_and_removes_the_request()
    {
        var other = ClientIsn + 1000;
        Assert.Equal(CheckReqVerdict.Removed, _core.OnSegment(Syn(isn: other), T0 + Second / 2, Out));
        var rst = Out.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(0u, rst.Seq.Value);
        Assert.Equal(other + 1, rst.Ack.Value);
        Assert.Equal(0, rst.Window);
        Assert.Empty(OptionBytes(rst));
        Assert.Equal(1, _bed[MibCounter.TcpExtEmbryonicRsts]);
        Assert.Equal(1, _bed[MibCounter.TcpAttemptFails]);
        Assert.True(_core.IsRemoved);
        Assert.False(Out.Timers.ContainsKey(TcpTimer.SynAck));
        Assert.Equal(0, _bed.Context.Queue.Length);
        Assert.Equal(0, _bed.Context.Queue.Young);
    }

    [Fact]
    public void S5_new_syn_outside_the_window_gets_an_ack_and_the_request_stays()
    {
        var at = T0 + Second / 2;
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(Syn(isn: ClientIsn - 100_000), at, Out));
        AssertRequestAck(Out.Single(), at);
        Assert.False(_core.IsRemoved);
        Assert.Equal(1, _bed.Context.Queue.Length);
        Assert.Equal(0, _bed[MibCounter.TcpExtEmbryonicRsts]);
    }

    [Fact]
    public void S6_wrong_ack_number_goes_to_the_listener_which_resets_and_the_request_survives()
    {
        var bad = Ack(ClientIsn + 1, _s + 5, ClientTsVal, _bed.TsVal(T0));
        Assert.Equal(CheckReqVerdict.PassToListener, _core.OnSegment(bad, T0 + 10 * Milli, Out));
        Assert.Empty(Out.Sent);
        Assert.Equal(ListenerVerdict.ResetSent, _bed.Listener.OnSegment(bad, default, T0 + 10 * Milli, Out, out _));
        var rst = Out.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(_s + 5, rst.Seq.Value);
        Assert.Equal(0u, rst.Ack.Value);

        var good = Ack(ClientIsn + 1, _s + 1, ClientTsVal, _bed.TsVal(T0));
        Assert.Equal(CheckReqVerdict.ChildWanted, _core.OnSegment(good, T0 + 20 * Milli, Out));
    }

    [Fact]
    public void S7_out_of_window_ack_is_answered_and_rate_limited()
    {
        var at = T0 + 10 * Milli;
        var outside = Ack(ClientIsn + 1 + 70_000, _s + 1, ClientTsVal, _bed.TsVal(T0));
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(outside, at, Out));
        AssertRequestAck(Out.Single(), at);
        Out.Clear();

        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(outside, at + 200 * Milli, Out));
        Assert.Empty(Out.Sent);
        Assert.Equal(1, _bed[MibCounter.TcpExtTCPACKSkippedSynRecv]);
        Assert.Equal(0, _bed[MibCounter.TcpExtPAWSEstab]);
        Assert.False(_core.IsRemoved);
    }

    [Fact]
    public void S7_paws_old_tsval_is_answered_and_counted()
    {
        var at = T0 + 10 * Milli;
        var old = Ack(ClientIsn + 1, _s + 1, ClientTsVal - 1, _bed.TsVal(T0));
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(old, at, Out));
        AssertRequestAck(Out.Single(), at);
        Assert.Equal(1, _bed[MibCounter.TcpExtPAWSEstab]);
    }

    [Fact]
    public void Tsecr_outside_the_sent_tsvals_is_rejected_with_an_ack()
    {
        var at = T0 + 10 * Milli;
        var forged = Ack(ClientIsn + 1, _s + 1, ClientTsVal, _bed.TsVal(T0) + 1);
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(forged, at, Out));
        AssertRequestAck(Out.Single(), at);
        Assert.Equal(1, _bed[MibCounter.TcpExtTSEcrRejected]);
        Assert.Equal(0, _bed[MibCounter.TcpExtPAWSEstab]);

        // After a retransmission both the first and the latest TSval are acceptable echoes.
        _core.OnTimer(T0 + Second, Out);
        Assert.Equal(CheckReqVerdict.ChildWanted,
            _core.OnSegment(Ack(ClientIsn + 1, _s + 1, ClientTsVal, _bed.TsVal(T0 + Second)), T0 + 1100 * Milli, Out));
    }

    [Fact]
    public void S8_rst_exactly_at_rcv_nxt_removes_the_request_silently()
    {
        var rst = Seg.Make(TcpFlags.Rst, ClientIsn + 1, tuple: Client(40000));
        Assert.Equal(CheckReqVerdict.Removed, _core.OnSegment(rst, T0 + 10 * Milli, Out));
        Assert.Empty(Out.Sent);
        Assert.Equal(1, _bed[MibCounter.TcpExtEmbryonicRsts]);
        Assert.Equal(1, _bed[MibCounter.TcpAttemptFails]);
        Assert.Equal(0, _bed.Context.Queue.Length);

        // The client's next ACK reaches the listener (S9): RST seq = SEG.ACK.
        var ack = Ack(ClientIsn + 1, _s + 1);
        Assert.Equal(CheckReqVerdict.Relookup, _core.OnSegment(ack, T0 + 20 * Milli, Out));
        Assert.Equal(ListenerVerdict.ResetSent, _bed.Listener.OnSegment(ack, default, T0 + 20 * Milli, Out, out _));
        Assert.Equal(_s + 1, Out.Single().Seq.Value);
    }

    [Fact]
    public void S8_rst_in_window_but_not_exact_gets_a_challenge_ack_and_the_request_stays()
    {
        var at = T0 + 10 * Milli;
        var rst = Seg.Make(TcpFlags.Rst, ClientIsn + 100, tuple: Client(40000));
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(rst, at, Out));
        AssertRequestAck(Out.Single(), at);
        Assert.Empty(Out.TimerLog); // the SYN-ACK timer is untouched
        Assert.Equal(1, _bed[MibCounter.TcpExtTCPChallengeACK]);
        Assert.Equal(0, _bed[MibCounter.TcpExtEmbryonicRsts]);
        Assert.False(_core.IsRemoved);
    }

    [Theory]
    [InlineData(ClientIsn)]                 // at the client's ISN: left of the window
    [InlineData(ClientIsn + 1 + 70_000)]    // right of the window
    public void S8_rst_out_of_window_is_ignored(uint seq)
    {
        var rst = Seg.Make(TcpFlags.Rst, seq, tuple: Client(40000));
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(rst, T0 + 10 * Milli, Out));
        Assert.Empty(Out.Sent);
        Assert.False(_core.IsRemoved);
        Assert.Equal(0, _bed[MibCounter.TcpExtTCPChallengeACK]);
        Assert.Equal(0, _bed[MibCounter.TcpExtEmbryonicRsts]);
    }

    [Fact]
    public void Segment_without_ack_in_window_is_dropped_silently()
    {
        var data = Seg.Make(TcpFlags.Psh, ClientIsn + 1, payloadLength: 10, tuple: Client(40000));
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(data, T0 + 10 * Milli, Out));
        Assert.Empty(Out.Sent);
        Assert.False(_core.IsRemoved);
    }

    [Fact]
    public void S16_third_ack_with_data_wants_the_child()
    {
        var ack = Ack(ClientIsn + 1, _s + 1, ClientTsVal + 1, _bed.TsVal(T0), payload: 100, extra: TcpFlags.Psh);
        Assert.Equal(CheckReqVerdict.ChildWanted, _core.OnSegment(ack, T0 + 10 * Milli, Out));
        Assert.Empty(Out.Sent);
        Assert.Equal(ClientTsVal + 1, _core.State.TsRecent);
    }

    [Fact]
    public void S18_listener_closed_the_request_dies_on_its_next_segment_and_the_listener_path_resets()
    {
        _bed.Listener.Close();
        var ack = Ack(ClientIsn + 1, _s + 1);
        Assert.Equal(CheckReqVerdict.Relookup, _core.OnSegment(ack, T0 + 10 * Milli, Out));
        Assert.Equal(0, _bed.Context.Queue.Length);
        Assert.False(Out.Timers.ContainsKey(TcpTimer.SynAck));
        // The re-lookup finds no listening socket: tcp_v4_send_reset.
        Assert.Equal(ListenerVerdict.ResetSent, _bed.Listener.OnSegment(ack, default, T0 + 10 * Milli, Out, out _));
        var rst = Out.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(_s + 1, rst.Seq.Value);
    }

    [Fact]
    public void S18_listener_closed_the_timer_expires_silently()
    {
        _bed.Listener.Close();
        Assert.Equal(RequestTimerVerdict.Expired, _core.OnTimer(T0 + Second, Out));
        Assert.Empty(Out.Sent);
        Assert.Equal(0, _bed[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(0, _bed.Context.Queue.Length);
        Assert.Equal(0, _bed.Context.Queue.Young);
    }

    [Fact]
    public void The_queue_count_is_given_back_exactly_once()
    {
        var rst = Seg.Make(TcpFlags.Rst, ClientIsn + 1, tuple: Client(40000));
        _core.OnSegment(rst, T0 + 10 * Milli, Out);
        _core.OnTimer(T0 + Second, Out);
        _core.OnHandedToChild(Out);
        _core.OnHashFailed();
        Assert.False(_core.OnIcmpError(new SeqNum(_s), true, Out));
        Assert.Equal(CheckReqVerdict.Removed, _core.OnChildRefused(Ack(ClientIsn + 1, _s + 1), T0, Out));
        Assert.Equal(0, _bed.Context.Queue.Length);
        Assert.Equal(0, _bed.Context.Queue.Young);
        Assert.Equal(0, _bed[MibCounter.TcpExtTCPTimeouts]);
    }

    [Fact]
    public void Failed_ehash_insertion_gives_the_slot_back_without_a_syn_ack()
    {
        var bed = new ListenTestBed();
        bed.Listener.OnSegment(Syn(), default, T0, bed.Out, out var request);
        var core = new RequestSockCore(request!, bed.Context);
        Assert.Equal(1, bed.Context.Queue.Length);
        core.OnHashFailed();
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(0, bed.Context.Queue.Length);
        Assert.Equal(0, bed.Context.Queue.Young);
        Assert.Equal(0, bed[MibCounter.TcpExtListenDrops]);
    }

    [Fact]
    public void Icmp_for_a_request_checks_the_quoted_sequence()
    {
        Assert.False(_core.OnIcmpError(new SeqNum(_s + 1), true, Out));
        Assert.Equal(1, _bed[MibCounter.TcpExtOutOfWindowIcmps]);
        Assert.False(_core.OnIcmpError(new SeqNum(_s), RequestSockCore.IcmpAbortsRequest(3, 3), Out)); // port unreachable
        Assert.False(_core.IsRemoved);
        Assert.True(_core.OnIcmpError(new SeqNum(_s), RequestSockCore.IcmpAbortsRequest(3, 1), Out)); // host unreachable
        Assert.True(_core.IsRemoved);
        Assert.Equal(1, _bed[MibCounter.TcpExtListenDrops]);
        Assert.Equal(0, _bed.Context.Queue.Length);
    }

    [Theory]
    [InlineData(11, 0, true)]
    [InlineData(12, 0, true)]
    [InlineData(3, 0, true)]
    [InlineData(3, 1, true)]
    [InlineData(3, 3, false)]
    [InlineData(3, 4, false)]
    [InlineData(4, 0, false)]
    public void Icmp_hard_errors_abort_requests(byte type, byte code, bool aborts) =>
        Assert.Equal(aborts, RequestSockCore.IcmpAbortsRequest(type, code));
}
