using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>
/// TCP Fast Open, server side, through the whole stack: the listener makes the child from the SYN, the child sends
/// the SYN-ACK, joins the ehash and the accept queue at once, and serves data before the handshake completes.
/// </summary>
public sealed class FastOpenScenarioTests : StackUnderTest
{
    /// <summary>What Linux computes for 192.0.2.1 → 192.168.0.1 with the key below (packetdrill's TFO_COOKIE).</summary>
    private static readonly byte[] Cookie = Convert.FromHexString("3021b9d889017eeb");

    /// <summary>tcp_fastopen = 0x403 (every listener, backlog as the Fast Open queue) with packetdrill's key.</summary>
    private BoundListener StartWithFastOpen(bool pullMode = false)
    {
        Start(TcpSysctls.Default with
        {
            TcpFastopen = 0x403,
            TcpFastopenKey = FastOpenKey.Parse("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"),
        });
        return Bind(backlog: 4, pullMode: pullMode);
    }

    private static TcpOptionSet SynWithCookie(ReadOnlySpan<byte> cookie)
    {
        var options = PeerFlow.LinuxSynOptions(tsVal: 100);
        options.SetFastOpenCookie(cookie, experimental: false);
        return options;
    }

    /// <summary>The SYN-ACK of a Fast Open SYN carrying <paramref name="dataLength"/> bytes: it acknowledges them.</summary>
    private WireFrame ExpectFastOpenSynAck(PeerFlow flow, int dataLength, long sentMicros, byte[]? extraOptions = null)
    {
        var frame = NextFrame();
        flow.StackIsn = frame.Tcp.SequenceNumber;
        return CheckSegment(frame, TcpFlags.Syn | TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1 + dataLength, window: 65160,
            options: [.. LinuxSynAckOptions(StackTsVal(sentMicros), 100), .. extraOptions ?? []], atMicros: sentMicros);
    }

    [Fact]
    public void A_valid_cookie_with_data_gives_an_accepted_child_that_reads_and_writes_before_the_third_ack()
    {
        var listener = StartWithFastOpen();
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(SynWithCookie(Cookie), "hello"u8);
        ExpectFastOpenSynAck(flow, 5, t0);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPFastOpenPassive]);
        Assert.Equal(1, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(0, QueueState(listener).RequestQueueLength);

        var (connection, handler, connected) = Accept(listener);
        Assert.Equal(flow.PeerPort, connected.RemoteAddress.Port);
        Assert.Equal(connection, Tables().Ehash[flow.Tuple]);
        Assert.Equal("hello"u8.ToArray(), Drain(handler));

        connection.Tell(new Write(ByteString.FromBytes("reply"u8.ToArray())), handler.Ref);
        ExpectSegment(TcpFlags.Ack | TcpFlags.Psh, flow.StackIsn + 1, flow.PeerIsn + 6,
            options: TimestampOptions(StackTsVal(NowMicros), 100), payloadLength: 5);

        // The peer's ACK of SYN-ACK and reply: nothing more to send, nothing retransmitted later.
        flow.Segment(dataOffset: 5, ackOffset: 5, tsVal: 101, tsEcr: StackTsVal(t0));
        Advance(TimeSpan.FromSeconds(5));
        ExpectNoFrame();
        Assert.Equal(0, Counters[MibCounter.TcpExtTCPSynRetrans]);
    }

    [Fact]
    public void A_cookie_request_gets_a_normal_request_whose_syn_ack_carries_the_cookie()
    {
        var listener = StartWithFastOpen();
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(SynWithCookie(default), "ignored"u8);
        ExpectFastOpenSynAck(flow, 0, t0, [34, 10, .. Cookie, .. Opt.Nop, .. Opt.Nop]);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPFastOpenCookieReqd]);
        Assert.Equal(1, QueueState(listener).RequestQueueLength);

        // The retransmitted SYN-ACK carries no cookie.
        Advance(TimeSpan.FromSeconds(1));
        CheckSegment(NextFrame(), TcpFlags.Syn | TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1,
            options: LinuxSynAckOptions(StackTsVal(NowMicros), 100));
    }

    [Fact]
    public void The_child_retransmits_its_syn_ack_itself_and_a_closed_listener_resets_it_before_accept()
    {
        var listener = StartWithFastOpen(pullMode: true);
        var flow = Flow();
        var t0 = NowMicros;
        flow.Syn(SynWithCookie(Cookie), "x"u8);
        ExpectFastOpenSynAck(flow, 1, t0);

        Advance(TimeSpan.FromSeconds(1));
        ExpectFastOpenSynAck(flow, 1, t0 + 1_000_000);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPSynRetrans]);

        listener.Listener.Tell(Unbind.Instance, TestActor);
        ExpectSegment(TcpFlags.Rst | TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 2);
        Advance(TimeSpan.FromSeconds(10));
        ExpectNoFrame();
    }
}
