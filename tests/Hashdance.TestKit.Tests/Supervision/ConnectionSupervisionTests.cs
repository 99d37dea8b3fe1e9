using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.Protocol.Mib;

namespace Hashdance.TestKit.Tests.Supervision;

/// <summary>
/// A connection that fails is stopped, and on the way out resets its peer as tcp_disconnect would for an
/// ESTABLISHED socket (tcp_need_reset: RST|ACK at snd_nxt / rcv_nxt), leaves the ehash and the accept queue, and
/// tells its handler the connection was reset. The listener keeps serving.
/// </summary>
public sealed class ConnectionSupervisionTests : HashdanceTestKit
{
    [Fact]
    public void A_child_that_fails_right_after_ESTABLISHED_resets_its_peer_and_leaves_the_accept_queue()
    {
        var listener = Bind(8080);
        CrashAt(CrashPoint.ConnectionAfterEstablished);

        Handshakes.Complete(this);
        Peer.Expect("R. 1:1(0) ack 1 win 64240");

        AssertCounter(MibCounter.TcpOutRsts, 1);
        AssertAcceptQueue(listener);
        ExpectNothing(listener.Handler);
        SupervisionChecks.AssertCleanAndServing(this, listener);
    }

    [Fact]
    public void An_accepted_connection_that_fails_on_a_segment_resets_its_peer_and_tells_its_handler()
    {
        var listener = Bind(8080);
        Handshakes.Complete(this);
        var (_, handler, _) = Accept(listener);
        CrashAt(CrashPoint.ConnectionOnSegment);

        Peer.Send("P. 1:11(10) ack 1 win 65535");
        // The segment that made it fail was never accepted: the RST acknowledges only what came before it.
        Peer.Expect("R. 1:1(0) ack 1 win 64240");
        var closed = handler.ExpectMsg<ErrorClosed>(TimeSpan.FromSeconds(1));
        Assert.Equal(SocketError.ConnectionReset, closed.Error);
        AssertCounter(MibCounter.TcpOutRsts, 1);
        SupervisionChecks.AssertCleanAndServing(this, listener);
    }

    [Fact]
    public void A_connection_that_fails_after_taking_data_acknowledges_that_data_in_its_RST()
    {
        var listener = Bind(8080);
        Handshakes.Complete(this);
        var (_, handler, _) = Accept(listener);
        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.Expect(". 1:1(0) ack 11 win 64230");
        Assert.Equal(new byte[10], Drain(handler));
        CrashAt(CrashPoint.ConnectionOnSegment);

        Peer.Send("P. 11:21(10) ack 1 win 65535");
        Peer.Expect("R. 1:1(0) ack 11 win 64230");
        Assert.Equal(SocketError.ConnectionReset, handler.ExpectMsg<ErrorClosed>(TimeSpan.FromSeconds(1)).Error);
        SupervisionChecks.AssertCleanAndServing(this, listener);
    }

    [Fact]
    public void A_connection_that_fails_with_data_in_flight_resets_its_peer_and_retransmits_nothing()
    {
        var listener = Bind(8080);
        Handshakes.Complete(this);
        var (connection, handler, _) = Accept(listener);
        connection.Tell(new Write(ByteString.FromBytes(new byte[100])), handler.Ref);
        Peer.Expect("P. 1:101(100) ack 1 win 64240");
        CrashAt(CrashPoint.ConnectionOnSegment);

        // A duplicate of the ACK of the handshake: the connection fails on it with 100 bytes unacknowledged and its
        // retransmission timer armed. The RST is sent at snd_nxt; the timer dies with the actor.
        Peer.Send(". 1:1(0) ack 1 win 65535");
        Peer.Expect("R. 101:101(0) ack 1 win 64240");
        Assert.Equal(SocketError.ConnectionReset, handler.ExpectMsg<ErrorClosed>(TimeSpan.FromSeconds(1)).Error);
        SupervisionChecks.AssertCleanAndServing(this, listener);
    }
}
