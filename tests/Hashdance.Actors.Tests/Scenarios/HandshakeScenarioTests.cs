using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
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
}
