using Hashdance.Actors.Stack;
using Hashdance.Protocol.Mib;

namespace Hashdance.TestKit.Tests.Supervision;

/// <summary>
/// A request sock that fails is stopped: it gives its SYN-queue slot back and leaves the ehash, so the peer's next
/// segment finds no socket and gets tcp_v4_send_reset's RST (seq = the segment's ACK), as when Linux drops a request.
/// The listener keeps serving.
/// </summary>
public sealed class RequestSockSupervisionTests : HashdanceTestKit
{
    [Fact]
    public void A_request_sock_that_fails_after_its_SYN_ACK_leaves_the_peers_ACK_to_a_RST()
    {
        var listener = Bind(8080);
        CrashAt(CrashPoint.RequestSockAfterSynAck);

        Handshakes.SynAndSynAck(this);
        AssertEhash();
        Assert.Equal(0, QueueState(listener).RequestQueueLength);

        Peer.Send(". 1:1(0) ack 1 win 65535");
        Peer.Expect("R 1:1(0) win 0");
        AssertCounter(MibCounter.TcpOutRsts, 1);
        SupervisionChecks.AssertCleanAndServing(this, listener);
    }

    [Fact]
    public void A_request_sock_that_fails_on_the_third_ACK_leaves_the_peers_next_segment_to_a_RST()
    {
        var listener = Bind(8080);
        Handshakes.SynAndSynAck(this);
        var crashes = CrashAt(CrashPoint.RequestSockOnSegment);

        Peer.Send(". 1:1(0) ack 1 win 65535");
        Peer.ExpectNothing();
        Assert.Single(crashes.Crashes);
        AssertEhash();

        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.Expect("R 1:1(0) win 0");
        SupervisionChecks.AssertCleanAndServing(this, listener);
    }

    [Fact]
    public void A_request_sock_that_fails_on_its_SYN_ACK_timer_retransmits_nothing_and_its_peer_gets_a_RST()
    {
        var listener = Bind(8080);
        CrashAt(CrashPoint.RequestSockOnTimer);
        Handshakes.SynAndSynAck(this);

        Advance(TimeSpan.FromSeconds(1));
        Peer.ExpectNothing();
        AssertEhash();

        Peer.Send(". 1:1(0) ack 1 win 65535");
        Peer.Expect("R 1:1(0) win 0");
        SupervisionChecks.AssertCleanAndServing(this, listener);
    }
}
