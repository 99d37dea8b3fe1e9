using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Timers;

/// <summary>
/// The connection timers through the actor shell (IWithTimers in virtual time), packet by packet on the wire:
/// keepalive probes and their abort, and zero-window probes.
/// </summary>
public sealed class TimerScenarioTests : StackUnderTest
{
    private const long Second = 1_000_000;

    private (PeerFlow Flow, Akka.Actor.IActorRef Connection, Akka.TestKit.TestProbe Handler, long EstablishedAt) Established(SocketOptions? options = null)
    {
        var listener = Bind(options: options);
        var flow = SynAndSynAck();
        var t = NowMicros;
        flow.Ack(tsVal: 110, tsEcr: StackTsVal(t));
        var (connection, handler, _) = Accept(listener);
        return (flow, connection, handler, t);
    }

    [Fact]
    public void Keepalive_probes_at_snd_una_minus_one_every_interval_then_an_rst_and_etimedout_after_keepcnt()
    {
        var (flow, _, handler, t) = Established(new SocketOptions { KeepAlive = true, KeepIdleSeconds = 10, KeepIntervalSeconds = 5, KeepCount = 2 });

        AdvanceToMicros(t + 10 * Second - 4000);
        ExpectNoFrame();
        AdvanceToMicros(t + 10 * Second);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1, options: TimestampOptions(StackTsVal(t + 10 * Second), 110),
            atMicros: t + 10 * Second);
        AdvanceToMicros(t + 15 * Second);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1, atMicros: t + 15 * Second);
        AdvanceToMicros(t + 20 * Second);
        ExpectSegment(TcpFlags.Rst | TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1, atMicros: t + 20 * Second);

        var closed = handler.ExpectMsg<ErrorClosed>();
        Assert.Equal(SocketError.TimedOut, closed.Error);
        Assert.Equal(2, Counters[MibCounter.TcpExtTCPKeepAlive]);
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPAbortOnTimeout]);
        Assert.False(Tables().Ehash.ContainsKey(flow.Tuple));
    }

    [Fact]
    public void A_peer_answering_keepalives_keeps_the_connection_open()
    {
        var (flow, connection, _, t) = Established(new SocketOptions { KeepAlive = true, KeepIdleSeconds = 10, KeepIntervalSeconds = 5, KeepCount = 1 });

        AdvanceToMicros(t + 10 * Second);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1);
        // The peer answers the out-of-window probe with its ACK.
        flow.Segment(tsVal: 120);
        Run();
        AdvanceToMicros(t + 15 * Second);
        ExpectNoFrame();
        AdvanceToMicros(t + 20 * Second);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1, atMicros: t + 20 * Second);
        Assert.True(Tables().Ehash.ContainsKey(flow.Tuple));
        Assert.Equal(0, Counters[MibCounter.TcpExtTCPAbortOnTimeout]);
        _ = connection;
    }

    [Fact]
    public void A_loss_probe_and_a_delayed_ack_due_in_the_same_millisecond_run_write_timer_first_so_one_segment_carries_both()
    {
        var (flow, connection, handler, t) = Established();
        // Jiffy-aligned start, so the write timer's deadline (t + 200 ms) and the delayed ACK's (a jiffy boundary) meet.
        Assert.Equal(0, t % 4000);
        flow.Segment(payload: [1], tsVal: 111);
        Run();
        // The first data segment starts quick-ack mode: acknowledged at once.
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 2);
        handler.ExpectMsg<Received>();
        // Data sent within the ATO of the last data received: interactive (pingpong) mode, no more quick ACKs. One
        // segment out: the loss probe's timeout is tcp_rto_min + srtt/2, capped by the RTO (200 ms).
        connection.Tell(new Write(ByteString.FromBytes(new byte[100])), handler.Ref);
        Run();
        ExpectSegment(TcpFlags.Ack | TcpFlags.Psh, flow.StackIsn + 1, flow.PeerIsn + 2, payloadLength: 100);

        // The peer's next byte, 40 jiffies on, is acknowledged after the ATO (10 jiffies): at t + 200 ms as well.
        AdvanceToMicros(t + 160_000);
        flow.Segment(dataOffset: 1, payload: [2], tsVal: 112);
        Run();
        handler.ExpectMsg<Received>();
        ExpectNoFrame();
        AdvanceToMicros(t + 199_000);
        ExpectNoFrame();

        // Both due in the same millisecond (and jiffy): the write timer runs first (tcp_release_cb's order), its
        // probe carries the ACK of the second byte, and the delayed ACK then finds nothing left to acknowledge.
        // Run the other way round, a bare ACK would have gone out first.
        AdvanceToMicros(t + 200_000);
        ExpectSegment(TcpFlags.Ack | TcpFlags.Psh, flow.StackIsn + 1, flow.PeerIsn + 3, payloadLength: 100, atMicros: t + 200_000);
        ExpectNoFrame();
        Assert.Equal(1, Counters[MibCounter.TcpExtTCPLossProbes]);
        Assert.Equal(0, Counters[MibCounter.TcpExtDelayedACKs]);
    }

    [Fact]
    public void A_zero_window_is_probed_with_backoff_and_the_data_goes_when_it_opens()
    {
        var (flow, connection, handler, t) = Established();
        flow.Segment(tsVal: 111, window: 0);
        Run();
        var rto = 200_000L; // the handshake's RTT sample is 0: RTO = tcp_rto_min
        connection.Tell(new Write(ByteString.FromBytes(new byte[100])), handler.Ref);
        Run();
        ExpectNoFrame();

        AdvanceToMicros(t + rto);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1, atMicros: t + rto);
        AdvanceToMicros(t + 3 * rto - 4000);
        ExpectNoFrame();
        AdvanceToMicros(t + 3 * rto);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn, flow.PeerIsn + 1, atMicros: t + 3 * rto);
        Assert.Equal(2, Counters[MibCounter.TcpExtTCPWinProbe]);

        flow.Segment(tsVal: 112);
        Run();
        ExpectSegment(TcpFlags.Ack | TcpFlags.Psh, flow.StackIsn + 1, flow.PeerIsn + 1, payloadLength: 100);
    }
}
