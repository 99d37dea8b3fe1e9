using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Tests.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>
/// Request socks and children leave nothing behind: an expired request leaves no ehash entry and no actor, and a
/// crashed request sock or connection is stopped, unhashed and answered for with a RST, while the listener serves on.
/// </summary>
public sealed class LifecycleInvariantTests : StackUnderTest
{
    private const long Second = 1_000_000;

    [Fact]
    public void Expired_requests_leave_no_ehash_entry_no_actor_and_no_queue_count()
    {
        var listener = Bind();
        var t0 = NowMicros;
        var first = SynAndSynAck();
        var firstActor = Tables().Ehash[first.Tuple];
        Watch(firstActor);
        AdvanceToMicros(t0 + 500_000);
        var second = SynAndSynAck();
        Assert.Equal((2, 2, 2), (QueueState(listener).RequestQueueLength, QueueState(listener).Young, QueueState(listener).Children));

        AdvanceToMicros(t0 + 63 * Second);
        ExpectAllSynAckRetransmissions(5 + 5);
        ExpectTerminated(firstActor);
        Assert.False(Tables().Ehash.ContainsKey(first.Tuple));
        Assert.True(Tables().Ehash.ContainsKey(second.Tuple));
        Assert.Equal((1, 0, 1), (QueueState(listener).RequestQueueLength, QueueState(listener).Young, QueueState(listener).Children));

        AdvanceToMicros(t0 + 63 * Second + 500_000);
        ExpectNoFrame();
        Assert.Empty(Tables().Ehash);
        var queue = QueueState(listener);
        Assert.Equal((0, 0, 0, 0), (queue.RequestQueueLength, queue.Young, queue.AcceptQueueLength, queue.Children));
        Assert.Equal(12, Counters[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(0, Counters[MibCounter.TcpExtListenDrops]);
    }

    [Fact]
    public void A_crashed_request_sock_is_stopped_and_unhashed_its_ack_gets_a_rst_and_the_listener_serves_on()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        var request = Tables().Ehash[flow.Tuple];
        Watch(request);

        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => Crash(request));
        ExpectTerminated(request);
        ExpectNoFrame();
        Assert.Empty(Tables().Ehash);
        var queue = QueueState(listener);
        Assert.Equal((0, 0, 0), (queue.RequestQueueLength, queue.Young, queue.Children));

        flow.Ack();
        ExpectStatelessReset(flow.StackIsn + 1);
        var next = SynAndSynAck();
        next.Ack();
        Accept(listener);
        Assert.Equal(1, Counters[MibCounter.TcpPassiveOpens]);
    }

    [Fact]
    public void A_crashed_connection_resets_its_peer_is_unhashed_its_next_segment_gets_a_rst_and_the_listener_serves_on()
    {
        var listener = Bind();
        var t0 = NowMicros;
        var flow = SynAndSynAck();
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(t0));
        var (connection, _, _) = Accept(listener);
        Watch(connection);

        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => Crash(connection));
        ExpectTerminated(connection);
        // PostStop aborts what it can (tcp_disconnect): RST|ACK at snd_nxt with the socket's window and timestamps.
        ExpectSegment(TcpFlags.Rst | TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1, window: 64, options: TimestampOptions(StackTsVal(t0), 101));
        Assert.Empty(Tables().Ehash);
        Assert.Equal(0, QueueState(listener).Children);

        flow.Segment(payload: "late"u8, flags: TcpFlags.Ack | TcpFlags.Psh, tsVal: 102, tsEcr: StackTsVal(t0));
        ExpectStatelessReset(flow.StackIsn + 1);
        var next = SynAndSynAck();
        next.Ack();
        Accept(listener);
        Assert.Equal(2, Counters[MibCounter.TcpPassiveOpens]);
    }

    /// <summary>
    /// Fault injection through a legitimate message: a <see cref="SegmentArrived"/> whose frame holds no IPv4
    /// packet, i.e. what an ingress bug would route. Re-reading it throws inside the socket actor.
    /// </summary>
    private void Crash(IActorRef socket)
    {
        var garbage = new byte[20];
        socket.Tell(new SegmentArrived(PooledFrame.Copy(garbage, timestampMicros: 0), EthernetRepr.HeaderLength));
        Run();
    }

    private void ExpectAllSynAckRetransmissions(int count)
    {
        for (var i = 0; i < count; i++) Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, NextFrame().Tcp.Flags);
        ExpectNoFrame();
    }
}
