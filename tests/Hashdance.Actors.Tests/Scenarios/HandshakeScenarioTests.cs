using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>Spec §15 S1–S3 through the whole actor stack, in virtual time.</summary>
public sealed class HandshakeScenarioTests : StackUnderTest
{
    [Fact]
    public void S1_normal_handshake_syn_ack_bytes_then_silence_and_an_established_child()
    {
        var listener = Bind();
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));

        var expectedIsn = Stack.Context.Secrets.Sequence.InitialSequence(ServerAddress, PeerAddress, 8080, flow.PeerPort, t0 * 1000);
        flow.StackIsn = new SeqNum(expectedIsn);
        var synAck = flow.ExpectSynAck(window: 65160,
            options: [.. Opt.Mss(1460), .. Opt.SackPermitted, .. Opt.Timestamps(StackTsVal(t0), 100), .. Opt.Nop, .. Opt.WindowScale(10)],
            atMicros: t0);
        Assert.Equal(40, synAck.Tcp.HeaderLength);
        Assert.Equal(0, synAck.Ip.Identification);
        Assert.True(synAck.Ip.DontFragment);
        Assert.Equal(64, synAck.Ip.Ttl);

        var tables = Tables();
        Assert.Single(tables.Ehash);
        Assert.True(tables.Ehash.ContainsKey(flow.Tuple));
        var queue = QueueState(listener);
        Assert.Equal((1, 1, 0, 128), (queue.RequestQueueLength, queue.Young, queue.AcceptQueueLength, queue.Backlog));

        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0));
        ExpectNoFrame();

        var (connection, _, connected) = Accept(listener);
        Assert.Equal(new Ipv4Endpoint(PeerAddress, flow.PeerPort), connected.RemoteAddress);
        Assert.Equal(new Ipv4Endpoint(ServerAddress, 8080), connected.LocalAddress);
        Assert.Equal(connection, Tables().Ehash[flow.Tuple]);
        queue = QueueState(listener);
        Assert.Equal((0, 0, 0), (queue.RequestQueueLength, queue.Young, queue.AcceptQueueLength));
        Assert.Equal(1, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(1, Counters[MibCounter.TcpOutSegs]);
        Assert.Equal(2, Counters[MibCounter.TcpInSegs]);
        ExpectNoFrame();
    }

    [Fact]
    public void S3_syn_ack_is_retransmitted_at_1_3_7_15_31_s_the_request_expires_at_63_s_and_a_late_ack_gets_rst_seq_s_plus_1()
    {
        var listener = Bind();
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
        flow.ExpectSynAck(atMicros: t0);

        foreach (var second in new[] { 1, 3, 7, 15, 31 })
        {
            var due = t0 + second * 1_000_000L;
            AdvanceToMicros(due - 1000);
            ExpectNoFrame();
            AdvanceToMicros(due);
            // Identical except TSval.
            flow.ExpectSynAck(window: 65160,
                options: [.. Opt.Mss(1460), .. Opt.SackPermitted, .. Opt.Timestamps(StackTsVal(due), 100), .. Opt.Nop, .. Opt.WindowScale(10)],
                atMicros: due);
        }
        Assert.Equal(5, Counters[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(5, Counters[MibCounter.TcpRetransSegs]);

        AdvanceToMicros(t0 + 63_000_000 - 1000);
        ExpectNoFrame();
        Assert.True(Tables().Ehash.ContainsKey(flow.Tuple));
        Assert.Equal(1, QueueState(listener).RequestQueueLength);

        AdvanceToMicros(t0 + 63_000_000);
        ExpectNoFrame();
        Assert.Empty(Tables().Ehash);
        var queue = QueueState(listener);
        Assert.Equal((0, 0, 0), (queue.RequestQueueLength, queue.Young, queue.AcceptQueueLength));
        Assert.Equal(6, Counters[MibCounter.TcpExtTCPTimeouts]);

        flow.Ack();
        ExpectStatelessReset(flow.StackIsn + 1);
        Assert.Equal(0, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(1, Counters[MibCounter.TcpOutRsts]);
    }

    [Fact]
    public void S2_syn_without_options_gets_mss_only_window_64240_and_the_child_sends_536_byte_segments()
    {
        var listener = Bind();
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(PeerFlow.NoOptions, window: 8192);
        var synAck = flow.ExpectSynAck(window: 64240, options: Opt.Mss(1460), atMicros: t0);
        Assert.Equal(24, synAck.Tcp.HeaderLength);

        flow.Ack(window: 65535);
        ExpectNoFrame();
        var (connection, handler, _) = Accept(listener);

        // mss_clamp is the default 536: a 1000-byte write leaves as 536 + 464 (the end of the write gets PSH).
        connection.Tell(new Write(ByteString.FromBytes(new byte[1000])), handler.Ref);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1, window: 64240, options: [], payloadLength: 536);
        ExpectSegment(TcpFlags.Ack | TcpFlags.Psh, flow.StackIsn + 537, flow.PeerIsn + 1, window: 64240, options: [], payloadLength: 464);
        ExpectNoFrame();
    }

    [Fact]
    public void S16_third_ack_with_data_creates_the_child_with_the_data_queued_and_acks_it_at_once()
    {
        var listener = Bind();
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
        flow.ExpectSynAck(atMicros: t0);

        Advance(TimeSpan.FromMilliseconds(10));
        var t1 = NowMicros;
        flow.Segment(payload: "hello"u8, flags: TcpFlags.Ack | TcpFlags.Psh, tsVal: 110, tsEcr: StackTsVal(t0));
        // The first data segment starts quick-ACK mode (tcp_event_data_recv): the ACK is immediate. The window may
        // not shrink below what the SYN-ACK offered: ALIGN(65160 - 5, 1024) >> 10 = 64.
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 6, window: 64,
            options: [.. Opt.Nop, .. Opt.Nop, .. Opt.Timestamps(StackTsVal(t1), 110)], atMicros: t1);

        var (_, handler, _) = Accept(listener);
        Assert.Equal("hello"u8.ToArray(), Drain(handler));
        Assert.Equal(1, Counters[MibCounter.TcpPassiveOpens]);
    }

    [Fact]
    public void S20_listener_maxseg_1000_caps_the_advertised_and_the_peer_mss_and_wscale_20_counts_as_14()
    {
        var listener = Bind(options: new SocketOptions { MaxSegment = 1000 });
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(new TcpOptionSet { Mss = 9000, SackPermitted = true, Timestamps = new TcpTimestamps(100, 0), WindowScale = 20 });
        // mss_eff = 1000 - 12: the window is rounddown(65536, 988) = 65208.
        flow.ExpectSynAck(window: 65208,
            options: [.. Opt.Mss(1000), .. Opt.SackPermitted, .. Opt.Timestamps(StackTsVal(t0), 100), .. Opt.Nop, .. Opt.WindowScale(10)],
            atMicros: t0);

        // A window field of 1 is 1 << 14 = 16384 bytes: room for the whole initial cwnd of 10 segments of
        // mss_clamp 1000 - 12 bytes of TS = 988.
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0), window: 1);
        var (connection, handler, _) = Accept(listener);
        var t1 = NowMicros;
        connection.Tell(new Write(ByteString.FromBytes(new byte[20000])), handler.Ref);
        // As Linux sends them: the first skb fills to the size goal, 8 × 988 (half of max_window 16384, in whole MSS),
        // and tcp_push_one sends a GSO packet of half of cwnd from it (5: the handshake RTT is a few µs, so
        // tcp_tso_autosize would allow more); the copy tops the rest up to the size goal again, forced_push fires and
        // the next 5 go. __tcp_transmit_skb sets PSH on the last segment of each packet.
        for (var i = 0; i < 10; i++)
        {
            ExpectSegment(i is 4 or 9 ? TcpFlags.Ack | TcpFlags.Psh : TcpFlags.Ack, flow.StackIsn + 1 + i * 988,
                flow.PeerIsn + 1, payloadLength: 988, options: [.. Opt.Nop, .. Opt.Nop, .. Opt.Timestamps(StackTsVal(t1), 101)]);
        }
        ExpectNoFrame();
    }

    [Fact]
    public void S21_syn_payload_is_discarded_the_syn_ack_acks_only_the_syn_and_the_retransmitted_data_is_delivered()
    {
        var listener = Bind();
        var flow = Flow();
        flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100), payload: "0123456789"u8);
        var synAck = flow.ExpectSynAck(window: 65160);
        var stackTs = synAck.Tcp.Options.Timestamps!.Value.Value;

        flow.Ack(tsVal: 101, tsEcr: stackTs);
        ExpectNoFrame();
        var (_, handler, _) = Accept(listener);
        Assert.Empty(Drain(handler));

        flow.Segment(payload: "0123456789"u8, flags: TcpFlags.Ack | TcpFlags.Psh, tsVal: 102, tsEcr: stackTs);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 11);
        Assert.Equal("0123456789"u8.ToArray(), Drain(handler));
    }
}
