using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>Spec §15 S12 and §9 with §17.2–17.3: the three tcp_syncookies modes through the whole stack.</summary>
public sealed class SynCookieScenarioTests : StackUnderTest
{
    private const long Second = 1_000_000;

    [Fact]
    public void S12_mode_1_third_syn_on_listen_1_gets_a_cookie_never_retransmitted_and_its_ack_63_s_later_builds_a_connection()
    {
        var listener = Bind(backlog: 1);
        var a = SynAndSynAck();
        var b = SynAndSynAck();
        var t0 = NowMicros;
        var c = Flow();
        EventFilter.Warning(contains: "Possible SYN flooding on port 192.168.0.1:8080. Sending cookies.").ExpectOne(() =>
        {
            c.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
            var cookieTs = ExpectCookieSynAck(c, t0, windowScale: 7, sack: true);
            Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesSent]);
            Assert.Equal(1, Counters[MibCounter.TcpExtTCPReqQFullDoCookies]);
            Assert.Equal(2, QueueState(listener).RequestQueueLength);
            Assert.False(Tables().Ehash.ContainsKey(c.Tuple));

            a.Ack();
            b.Ack();
            Run();
            Accept(listener);
            Accept(listener);

            // No state, no retransmission: 63 s of silence (the minute counter moved on once, age 1 < 2).
            Advance(TimeSpan.FromSeconds(63));
            ExpectNoFrame();
            c.Ack(tsVal: 200, tsEcr: cookieTs);
        });
        var (connection, handler, connected) = Accept(listener);
        Assert.Equal(c.PeerPort, connected.RemoteAddress.Port);
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesRecv]);
        Assert.Equal(3, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(connection, Tables().Ehash[c.Tuple]);
        AssertDataFlowsBothWays(c, connection, handler, peerTsVal: 201);
    }

    [Fact]
    public void Mode_2_every_syn_gets_a_cookie_without_a_request_and_the_cookie_ack_builds_a_connection_with_data()
    {
        var (listener, flow, cookieTs) = CookieSynAckInMode2();
        Assert.Empty(Tables().Ehash);
        Assert.Equal(0, QueueState(listener).RequestQueueLength);

        // Even a duplicate SYN is answered statelessly again, with the same cookie.
        flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
        ExpectCookieSynAck(flow, NowMicros, windowScale: 7, sack: true);
        Assert.Equal(2, Counters[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(2, Counters[MibCounter.TcpExtTCPReqQFullDoCookies]);

        flow.Ack(tsVal: 101, tsEcr: cookieTs);
        var (connection, handler, _) = Accept(listener);
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesRecv]);
        AssertDataFlowsBothWays(flow, connection, handler, peerTsVal: 102);
    }

    [Fact]
    public void Mode_2_a_syn_without_timestamps_gets_a_cookie_syn_ack_with_mss_only()
    {
        Start(TcpSysctls.Default with { TcpSyncookies = 2 });
        var listener = Bind();
        var flow = Flow();
        flow.Syn(new TcpOptionSet { Mss = 1460, SackPermitted = true, WindowScale = 7 });
        flow.ExpectSynAck(window: 64240, options: Opt.Mss(1460));
        flow.Ack(window: 65535);
        var (connection, handler, _) = Accept(listener);

        flow.Segment(payload: "no ts"u8, flags: TcpFlags.Ack | TcpFlags.Psh, window: 65535);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 6, options: []);
        Assert.Equal("no ts"u8.ToArray(), Drain(handler));
        connection.Tell(new Write(ByteString.FromBytes("reply"u8.ToArray())), handler.Ref);
        ExpectSegment(TcpFlags.Ack | TcpFlags.Psh, flow.StackIsn + 1, flow.PeerIsn + 6, options: [], payloadLength: 5);
    }

    [Fact]
    public void Mode_0_never_sends_cookies_and_never_checks_an_ack_for_one()
    {
        Start(TcpSysctls.Default with { TcpSyncookies = 0 });
        var listener = Bind(backlog: 1);
        SynAndSynAck();
        SynAndSynAck();
        var third = Flow();
        third.Syn();
        ExpectNoFrame();
        third.Send(TcpFlags.Ack, third.PeerIsn + 1, new SeqNum(777));
        ExpectStatelessReset(new SeqNum(777));
        Assert.Equal(0, Counters[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(0, Counters[MibCounter.TcpExtSyncookiesFailed]);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPReqQFullDrop]);
        Assert.Equal(2, QueueState(listener).RequestQueueLength);
    }

    [Fact]
    public void A_forged_cookie_far_off_is_rejected_with_rst_seq_seg_ack_and_the_real_one_still_works()
    {
        var (listener, flow, cookieTs) = CookieSynAckInMode2();

        // §17.2: an ACK off by a little can still decode (the MSS index is added in); far off it cannot.
        flow.Segment(ackOffset: 1000, tsVal: 101, tsEcr: cookieTs);
        ExpectStatelessReset(flow.StackIsn + 1001);
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesFailed]);
        Assert.Equal(0, Counters[MibCounter.TcpExtSyncookiesRecv]);
        Assert.Empty(Tables().Ehash);
        ExpectNothing(listener.Handler);

        flow.Ack(tsVal: 102, tsEcr: cookieTs);
        Accept(listener);
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesRecv]);
    }

    [Fact]
    public void A_cookie_more_than_two_minutes_old_is_rejected()
    {
        var (listener, flow, cookieTs) = CookieSynAckInMode2();

        // Minute counter age 2 (MAX_SYNCOOKIE_AGE): invalid. A fresh SYN keeps the listener's overflow stamp recent.
        Advance(TimeSpan.FromSeconds(120));
        var other = Flow();
        other.Syn(PeerFlow.LinuxSynOptions(tsVal: 500));
        NextFrame();
        flow.Ack(tsVal: 101, tsEcr: cookieTs);
        ExpectStatelessReset(flow.StackIsn + 1);
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesFailed]);
        ExpectNothing(listener.Handler);
    }

    /// <summary>tcp_syncookies = 2, a listener on 8080, and a Linux-style SYN answered with a cookie SYN-ACK.</summary>
    private (BoundListener Listener, PeerFlow Flow, uint CookieTsVal) CookieSynAckInMode2()
    {
        Start(TcpSysctls.Default with { TcpSyncookies = 2 });
        var listener = Bind();
        var t0 = NowMicros;
        var flow = Flow();
        flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
        return (listener, flow, ExpectCookieSynAck(flow, t0, windowScale: 7, sack: true));
    }

    /// <summary>
    /// The cookie SYN-ACK: seq = the cookie (learned), ack = c+1, the usual window and options with our MSS
    /// unchanged, and a TSval whose low 6 bits carry the peer's wscale and SACK (cookie_init_timestamp) and which is
    /// never ahead of the clock. Returns that TSval (the peer echoes it).
    /// </summary>
    private uint ExpectCookieSynAck(PeerFlow flow, long sentAt, byte windowScale, bool sack)
    {
        var frame = NextFrame();
        if (flow.StackIsn == default) flow.StackIsn = frame.Tcp.SequenceNumber;
        var tsVal = frame.Tcp.Options.Timestamps!.Value.Value;
        CheckSegment(frame, TcpFlags.Syn | TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1, window: 65160,
            options: LinuxSynAckOptions(tsVal, 100), atMicros: sentAt);
        var encoded = tsVal - (StackTsVal(sentAt) - (uint)(sentAt / 1000));
        var nowMs = (uint)(sentAt / 1000);
        Assert.Equal(windowScale | (sack ? 16u : 0u), encoded & 63);
        Assert.InRange(nowMs - encoded, 0u, 63u);
        return tsVal;
    }

    private void AssertDataFlowsBothWays(PeerFlow flow, IActorRef connection, Akka.TestKit.TestProbe handler, uint peerTsVal)
    {
        var now = NowMicros;
        flow.Segment(payload: "request"u8, flags: TcpFlags.Ack | TcpFlags.Psh, tsVal: peerTsVal, tsEcr: StackTsVal(now));
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 8, options: TimestampOptions(StackTsVal(now), peerTsVal));
        Assert.Equal("request"u8.ToArray(), Drain(handler));
        connection.Tell(new Write(ByteString.FromBytes("response"u8.ToArray())), handler.Ref);
        ExpectSegment(TcpFlags.Ack | TcpFlags.Psh, flow.StackIsn + 1, flow.PeerIsn + 8, options: TimestampOptions(StackTsVal(now), peerTsVal),
            payloadLength: 8);
        ExpectNoFrame();
    }
}
