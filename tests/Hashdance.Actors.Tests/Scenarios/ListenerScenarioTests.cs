using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>Spec §15 S9–S11, S13–S15, S17, S18 and S22: what the listener and the ingress answer.</summary>
public sealed class ListenerScenarioTests : StackUnderTest
{
    private const long Second = 1_000_000;

    [Fact]
    public void S9_acks_to_a_listener_without_a_request_get_rst_seq_seg_ack_and_fin_rst_bare_and_syn_fin_get_nothing()
    {
        Bind();
        var flow = Flow();
        flow.Send(TcpFlags.Syn | TcpFlags.Ack, new SeqNum(5000), new SeqNum(7000));
        ExpectStatelessReset(new SeqNum(7000));
        flow.Send(TcpFlags.Fin | TcpFlags.Ack, new SeqNum(5000), new SeqNum(7100));
        ExpectStatelessReset(new SeqNum(7100));
        flow.Send(TcpFlags.Ack | TcpFlags.Psh, new SeqNum(5000), new SeqNum(7200), payload: "data"u8);
        ExpectStatelessReset(new SeqNum(7200));

        flow.Send(TcpFlags.Fin, new SeqNum(5000), default);
        flow.Send(TcpFlags.Rst, new SeqNum(5000), default);
        flow.Send(TcpFlags.Rst | TcpFlags.Ack, new SeqNum(5000), new SeqNum(7300));
        flow.Send(0, new SeqNum(5000), default);
        flow.Send(TcpFlags.Syn | TcpFlags.Fin, new SeqNum(5000), default, options: PeerFlow.LinuxSynOptions());
        ExpectNoFrame();
        Assert.Empty(Tables().Ehash);
        Assert.Equal(3, Counters[MibCounter.TcpOutRsts]);
        Assert.Equal(8, Counters[MibCounter.TcpInSegs]);
    }

    [Fact]
    public void S10_closed_port_syn_gets_rst_ack_seq_0_ack_c_plus_1_plus_len_with_tos_copied_and_ack_gets_rst_seq_seg_ack()
    {
        Bind();
        var flow = Flow(stackPort: 9999);
        flow.Syn(tos: 0x10);
        var reset = ExpectSegment(TcpFlags.Rst | TcpFlags.Ack, new SeqNum(0), flow.PeerIsn + 1, window: 0, options: []);
        Assert.Equal((0x10, 0, true, 64), (reset.Ip.Tos, reset.Ip.Identification, reset.Ip.DontFragment, reset.Ip.Ttl));
        flow.Syn(payload: new byte[10]);
        ExpectSegment(TcpFlags.Rst | TcpFlags.Ack, new SeqNum(0), flow.PeerIsn + 11, window: 0, options: []);
        flow.Send(TcpFlags.Ack, flow.PeerIsn + 1, new SeqNum(424242));
        ExpectStatelessReset(new SeqNum(424242));
        flow.Send(TcpFlags.Rst, flow.PeerIsn + 1, default);
        ExpectNoFrame();
        Assert.Equal(3, Counters[MibCounter.TcpOutRsts]);
    }

    [Fact]
    public void S11_full_accept_queue_drops_new_syns_ignores_the_third_ack_and_the_next_ack_after_accept_creates_the_child()
    {
        var listener = Bind(backlog: 1, pullMode: true);
        var a = SynAndSynAck();
        a.Ack();
        Run();
        var b = SynAndSynAck();
        var tC = NowMicros;
        var c = SynAndSynAck();
        b.Ack();
        Assert.Equal((1, 2), (QueueState(listener).RequestQueueLength, QueueState(listener).AcceptQueueLength));

        // backlog 1 admits two children (sk_ack_backlog > backlog): C's third ACK is ignored (acked = 1).
        c.Ack();
        ExpectNoFrame();
        Assert.Equal(1, Counters[MibCounter.TcpExtListenOverflows]);
        var d = Flow();
        d.Syn();
        ExpectNoFrame();
        Assert.Equal(2, Counters[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(2, Counters[MibCounter.TcpExtListenDrops]);
        Assert.Equal(2, Counters[MibCounter.TcpPassiveOpens]);
        Assert.True(Tables().Ehash.ContainsKey(c.Tuple));
        ExpectNothing(listener.Handler);

        // C's SYN-ACK keeps its schedule and each answer is refused while the queue is full.
        AdvanceToMicros(tC + Second);
        c.ExpectSynAck(atMicros: tC + Second);
        c.Ack();
        ExpectNoFrame();
        Assert.Equal(3, Counters[MibCounter.TcpExtListenOverflows]);

        // accept() frees a slot: the next SYN-ACK's ACK creates C's child.
        ResumeAccepting(listener, a);
        AdvanceToMicros(tC + 3 * Second);
        c.ExpectSynAck(atMicros: tC + 3 * Second);
        c.Ack();
        ExpectNoFrame();
        var queue = QueueState(listener);
        Assert.Equal((0, 0, 2), (queue.RequestQueueLength, queue.Young, queue.AcceptQueueLength));
        Assert.Equal(3, Counters[MibCounter.TcpPassiveOpens]);

        ResumeAccepting(listener, b, c);
        Assert.Equal(0, QueueState(listener).AcceptQueueLength);
    }

    [Fact]
    public void S11_with_tcp_abort_on_overflow_the_refused_third_ack_gets_rst_seq_s_plus_1_and_the_request_is_gone()
    {
        Start(TcpSysctls.Default with { TcpAbortOnOverflow = 1 });
        var listener = Bind(backlog: 1, pullMode: true);
        var a = SynAndSynAck();
        var b = SynAndSynAck();
        a.Ack();
        Run();
        var late = SynAndSynAck();
        b.Ack();
        late.Ack();
        ExpectStatelessReset(late.StackIsn + 1);
        Assert.False(Tables().Ehash.ContainsKey(late.Tuple));
        Assert.Equal((0, 2), (QueueState(listener).RequestQueueLength, QueueState(listener).AcceptQueueLength));
        Assert.Equal(1, Counters[MibCounter.TcpExtEmbryonicRsts]);
    }

    [Fact]
    public void S13_full_syn_queue_without_cookies_drops_syns_silently_and_warns_once()
    {
        Start(TcpSysctls.Default with { TcpSyncookies = 0 });
        var listener = Bind(backlog: 1);
        SynAndSynAck();
        SynAndSynAck();
        EventFilter.Warning(contains: "Possible SYN flooding on port 192.168.0.1:8080. Dropping request.").ExpectOne(() =>
        {
            Flow().Syn();
            Flow().Syn();
            ExpectNoFrame();
        });
        Assert.Equal(2, Counters[MibCounter.TcpExtTCPReqQFullDrop]);
        Assert.Equal(2, Counters[MibCounter.TcpExtListenDrops]);
        Assert.Equal(0, Counters[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(2, QueueState(listener).RequestQueueLength);
    }

    [Fact]
    public void S14_without_cookies_the_last_quarter_of_tcp_max_syn_backlog_is_kept_from_unknown_peers()
    {
        Start(TcpSysctls.Default with { TcpSyncookies = 0, TcpMaxSynBacklog = 8 });
        var listener = Bind();
        // max_syn_backlog - qlen < max_syn_backlog >> 2 drops: qlen 0..6 pass, the SYN that finds qlen 7 is dropped.
        for (var i = 0; i < 7; i++) SynAndSynAck();
        Flow().Syn();
        ExpectNoFrame();
        Assert.Equal(1, Counters[MibCounter.TcpExtListenDrops]);
        Assert.Equal(0, Counters[MibCounter.TcpExtTCPReqQFullDrop]);
        Assert.Equal(7, QueueState(listener).RequestQueueLength);
    }

    [Fact]
    public void S15_ecn_setup_syn_gets_ece_unless_its_ip_header_is_already_ect()
    {
        Bind();
        var plain = Flow();
        plain.Syn(extraFlags: TcpFlags.Ece | TcpFlags.Cwr);
        var synAck = plain.ExpectSynAck(flags: TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece);
        Assert.Equal(0, synAck.Ip.Tos);

        var tampered = Flow();
        tampered.Syn(extraFlags: TcpFlags.Ece | TcpFlags.Cwr, tos: 0x02);
        Assert.Equal(0, tampered.ExpectSynAck().Ip.Tos);
    }

    [Fact]
    public void S17_defer_accept_drops_the_bare_ack_and_data_later_creates_the_connection_with_the_data()
    {
        var listener = Bind(options: new SocketOptions { DeferAcceptSeconds = 5 });
        var t0 = NowMicros;
        var flow = SynAndSynAck();
        AdvanceToMicros(t0 + 100_000);
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0));
        ExpectNoFrame();
        ExpectNothing(listener.Handler);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPDeferAcceptDrop]);
        Assert.Equal(1, QueueState(listener).RequestQueueLength);

        AdvanceToMicros(t0 + 200_000);
        flow.Segment(payload: "late"u8, flags: TcpFlags.Ack | TcpFlags.Psh, tsVal: 102, tsEcr: StackTsVal(t0));
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 5, options: TimestampOptions(StackTsVal(t0 + 200_000), 102));
        var (_, handler, _) = Accept(listener);
        Assert.Equal("late"u8.ToArray(), Drain(handler));
    }

    [Fact]
    public void S17_after_the_bare_ack_the_syn_ack_is_held_back_until_7_s_and_the_ack_to_it_makes_the_connection_acceptable()
    {
        var listener = Bind(options: new SocketOptions { DeferAcceptSeconds = 5 });
        var t0 = NowMicros;
        var flow = SynAndSynAck();
        AdvanceToMicros(t0 + 100_000);
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0));

        AdvanceToMicros(t0 + 7 * Second - 1);
        ExpectNoFrame();
        Assert.Equal(2, Counters[MibCounter.TcpExtTCPTimeouts]);
        AdvanceToMicros(t0 + 7 * Second);
        flow.ExpectSynAck(options: LinuxSynAckOptions(StackTsVal(t0 + 7 * Second), 100), atMicros: t0 + 7 * Second);

        flow.Ack(tsVal: 102, tsEcr: StackTsVal(t0 + 7 * Second));
        ExpectNoFrame();
        Accept(listener);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPDeferAcceptDrop]);
        Assert.Equal(0, QueueState(listener).RequestQueueLength);
    }

    [Fact]
    public void S17_without_data_the_deferred_request_resends_at_7_15_31_s_and_expires_silently_at_63_s()
    {
        var listener = Bind(options: new SocketOptions { DeferAcceptSeconds = 5 });
        var t0 = NowMicros;
        var flow = SynAndSynAck();
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0));
        foreach (var second in new[] { 7, 15, 31 })
        {
            AdvanceToMicros(t0 + second * Second - 1);
            ExpectNoFrame();
            AdvanceToMicros(t0 + second * Second);
            flow.ExpectSynAck(atMicros: t0 + second * Second);
        }
        AdvanceToMicros(t0 + 63 * Second);
        ExpectNoFrame();
        Assert.Empty(Tables().Ehash);
        Assert.Equal(0, QueueState(listener).RequestQueueLength);
        ExpectNothing(listener.Handler);
    }

    [Fact]
    public void S17_a_fin_is_not_a_bare_ack_and_creates_the_deferred_child_at_once()
    {
        var listener = Bind(options: new SocketOptions { DeferAcceptSeconds = 5 });
        var flow = SynAndSynAck();
        flow.Segment(flags: TcpFlags.Ack | TcpFlags.Fin);
        var (_, handler, _) = Accept(listener);
        Assert.IsType<PeerClosed>(handler.ExpectMsg<PeerClosed>());
        Assert.Equal(0, Counters[MibCounter.TcpExtTCPDeferAcceptDrop]);
    }

    [Fact]
    public void S18_closing_the_listener_resets_each_unaccepted_child_with_its_window_and_a_pending_request_only_on_its_next_ack()
    {
        var listener = Bind(pullMode: true);
        var t0 = NowMicros;
        var withData = SynAndSynAck(tsVal: 100);
        withData.Segment(payload: "abc"u8, flags: TcpFlags.Ack | TcpFlags.Psh, tsVal: 101, tsEcr: StackTsVal(t0));
        ExpectSegment(TcpFlags.Ack, withData.StackIsn + 1, withData.PeerIsn + 4);
        var bare = SynAndSynAck(tsVal: 200);
        bare.Ack(tsVal: 201, tsEcr: StackTsVal(t0));
        var pending = SynAndSynAck(tsVal: 300);
        ExpectNoFrame();
        Assert.Equal((1, 2), (QueueState(listener).RequestQueueLength, QueueState(listener).AcceptQueueLength));

        var closer = CreateTestProbe();
        listener.Listener.Tell(Unbind.Instance, closer.Ref);
        Run();
        closer.ExpectMsg<Unbound>();
        // §17.5: a full socket's RST carries its receive window (ALIGN(65160, 1024) >> 10) and its timestamps.
        var resets = new[] { NextFrame(), NextFrame() }.ToDictionary(f => f.Tcp.DestinationPort);
        CheckSegment(resets[withData.PeerPort], TcpFlags.Rst | TcpFlags.Ack, withData.StackIsn + 1, withData.PeerIsn + 4, window: 64,
            options: TimestampOptions(StackTsVal(t0), 101));
        CheckSegment(resets[bare.PeerPort], TcpFlags.Rst | TcpFlags.Ack, bare.StackIsn + 1, bare.PeerIsn + 1, window: 64,
            options: TimestampOptions(StackTsVal(t0), 201));
        ExpectNoFrame();
        ExpectNothing(listener.Handler);
        Assert.Equal(2, Counters[MibCounter.TcpEstabResets]);

        // The request is still hashed; its next ACK finds the listener closed and is answered as if no socket existed.
        Assert.True(Tables().Ehash.ContainsKey(pending.Tuple));
        pending.Ack(tsVal: 301, tsEcr: StackTsVal(t0));
        ExpectStatelessReset(pending.StackIsn + 1);
        Assert.Empty(Tables().Ehash);
        Assert.Empty(Tables().Listeners);
        // Looked up again, not received again: six segments came in.
        Assert.Equal(6, Counters[MibCounter.TcpInSegs]);
        Assert.Equal(6, Counters[MibCounter.IpInReceives]);

        // The port is free again.
        Watch(listener.Listener);
        ExpectTerminated(listener.Listener);
        Bind();
    }

    [Fact]
    public void S18_after_close_a_pending_request_expires_silently_at_its_next_timer_and_the_listener_actor_then_stops()
    {
        var listener = Bind();
        var t0 = NowMicros;
        var pending = SynAndSynAck();
        Watch(listener.Listener);
        listener.Listener.Tell(Unbind.Instance, TestActor);
        Run();
        ExpectMsg<Unbound>();
        Assert.Empty(Tables().Listeners);
        Assert.Single(Tables().Ehash);

        // reqsk_timer_handler: the listener is not in LISTEN, so the request is dropped without a SYN-ACK.
        AdvanceToMicros(t0 + Second);
        ExpectNoFrame();
        Assert.Empty(Tables().Ehash);
        ExpectTerminated(listener.Listener);
        pending.Ack();
        ExpectStatelessReset(pending.StackIsn + 1);
    }

    [Fact]
    public void S18_accepted_children_outlive_the_closed_listener_and_the_port_can_be_bound_again_meanwhile()
    {
        var listener = Bind();
        var t0 = NowMicros;
        var flow = SynAndSynAck();
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0));
        var (connection, handler, _) = Accept(listener);
        listener.Listener.Tell(Unbind.Instance, TestActor);
        Run();
        ExpectMsg<Unbound>();
        ExpectNoFrame();

        var again = Bind();
        Assert.NotEqual(listener.Listener, again.Listener);
        flow.Segment(payload: "still here"u8, flags: TcpFlags.Ack | TcpFlags.Psh, tsVal: 102, tsEcr: StackTsVal(t0));
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 11);
        Assert.Equal("still here"u8.ToArray(), Drain(handler));
        Assert.Equal(connection, Tables().Ehash[flow.Tuple]);
        Assert.Equal(0, Counters[MibCounter.TcpOutRsts]);
    }

    [Fact]
    public void S22_bad_checksum_bad_data_offset_and_broadcast_segments_get_nothing_and_leave_the_request_alone()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        var ack = flow.Header(TcpFlags.Ack, flow.PeerIsn + 1, flow.StackIsn + 1);

        var badChecksum = Peer.BuildTcpFrame(ServerAddress, ack);
        badChecksum[14 + 20 + 16] ^= 0x5A;
        Peer.SendRaw(badChecksum);
        var badOffset = Peer.BuildTcpFrame(ServerAddress, ack);
        badOffset[14 + 20 + 12] = 4 << 4;
        Peer.SendRaw(badOffset);
        Peer.SendTcp(ServerAddress, ack, destinationMac: MacAddress.Broadcast);
        Peer.SendTcp(Ipv4Address.Broadcast, ack);
        var synToBroadcast = Flow();
        Peer.SendTcp(ServerAddress, synToBroadcast.Header(TcpFlags.Syn, synToBroadcast.PeerIsn, default, options: PeerFlow.LinuxSynOptions()),
            destinationMac: MacAddress.Broadcast);
        ExpectNoFrame();

        Assert.Equal(1, Counters[MibCounter.TcpInCsumErrors]);
        Assert.Equal(2, Counters[MibCounter.TcpInErrs]);
        Assert.Equal(0, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(1, QueueState(listener).RequestQueueLength);
        Assert.Single(Tables().Ehash);

        flow.Ack();
        Accept(listener);
    }
}
