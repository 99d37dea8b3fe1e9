using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.Packetdrill.Matching;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Tests.Supervision;

/// <summary>
/// A listener that fails is stopped, not restarted (docs/architecture.md, "Supervision"): as after close(), it
/// leaves the listener table, its un-accepted children reset their peers (inet_child_forget), its request socks
/// vanish so their peers' next segments get tcp_v4_send_reset's RST, and the bind handler gets ErrorClosed. The
/// port can be bound again at once and serves a fresh handshake.
/// </summary>
public sealed class ListenerSupervisionTests : HashdanceTestKit
{
    [Fact]
    public void A_listener_that_fails_on_a_SYN_stops_cleanly_and_the_SYNs_retransmission_gets_a_RST()
    {
        var listener = Bind(8080);
        CrashAt(CrashPoint.ListenerOnSegment);

        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        Peer.ExpectNothing();
        Assert.IsType<ErrorClosed>(listener.Handler.ExpectMsg<ErrorClosed>(TimeSpan.FromSeconds(1)));
        Assert.Empty(Tables().Listeners);

        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        Peer.Expect("R. 0:0(0) ack 1 win 0");
        AssertCounter(MibCounter.TcpOutRsts, 1);
        AssertNoLeaks();
        ListenerChecks.AssertPortServesAgain(this);
    }

    [Fact]
    public void A_listener_that_fails_on_a_childs_request_resets_its_queued_child_and_forgets_its_requests()
    {
        var listener = Bind(8080, pullMode: true);
        Handshakes.Complete(this);
        var queued = Peer.Connection;
        Handshakes.SynAndSynAck(this);
        var pending = Peer.Connection;
        Handshakes.SynAndSynAck(this);
        var asking = Peer.Connection;
        AssertAcceptQueue(listener, Tuple(queued));
        CrashAt(CrashPoint.ListenerOnChildWanted);

        Peer.Send(". 1:1(0) ack 1 win 65535");
        Peer.Use(queued);
        Peer.Expect("R. 1:1(0) ack 1 win 64240");
        Peer.ExpectNothing();
        listener.Handler.ExpectMsg<ErrorClosed>(TimeSpan.FromSeconds(1));

        Peer.Use(pending);
        Peer.Send(". 1:1(0) ack 1 win 65535");
        Peer.Expect("R 1:1(0) win 0");
        Peer.Use(asking);
        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.Expect("R 1:1(0) win 0");
        AssertNoLeaks();
        ListenerChecks.AssertPortServesAgain(this);
    }

    [Fact]
    public void A_listener_that_fails_with_a_full_accept_queue_resets_every_queued_child()
    {
        // backlog 2: the accept queue holds three children (sk_acceptq_is_full is ack_backlog > backlog) and the
        // SYN queue two requests, so each SYN is answered while the previous request is still pending, not with a
        // cookie.
        var listener = Bind(8080, backlog: 2, pullMode: true);
        var flows = new List<ConnectionMapping>();
        for (var i = 0; i < 4; i++)
        {
            Handshakes.SynAndSynAck(this);
            flows.Add(Peer.Connection);
            if (i == 0) continue;
            Peer.Use(flows[i - 1]);
            Peer.Send(". 1:1(0) ack 1 win 65535");
        }
        var queued = flows[..3];
        var refused = flows[3];
        AssertAcceptQueue(listener, [.. queued.Select(Tuple)]);
        var crashes = CrashAt(CrashPoint.ListenerAcceptQueueFull);

        Peer.Use(refused);
        Peer.Send(". 1:1(0) ack 1 win 65535");
        Assert.Single(crashes.Crashes);
        foreach (var child in queued)
        {
            Peer.Use(child);
            Peer.Expect("R. 1:1(0) ack 1 win 64240");
        }
        Peer.ExpectNothing();
        AssertCounter(MibCounter.TcpOutRsts, 3);

        Peer.Use(refused);
        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.Expect("R 1:1(0) win 0");
        AssertNoLeaks();
        ListenerChecks.AssertPortServesAgain(this);
    }

    [Fact]
    public void A_listener_that_fails_refusing_a_cookie_child_resets_its_queued_child()
    {
        // tcp_syncookies = 2: every SYN is answered with a cookie and no request sock; a valid cookie ACK makes the
        // listener create the child itself, and with backlog 0 the second one finds the accept queue full (both SYNs
        // come first: a SYN that finds the accept queue full is dropped).
        Start(TcpSysctls.Default with { TcpSyncookies = 2 });
        var listener = Bind(8080, backlog: 0, pullMode: true);
        Handshakes.SynAndSynAck(this);
        var queued = Peer.Connection;
        Handshakes.SynAndSynAck(this);
        var refused = Peer.Connection;
        Peer.Use(queued);
        Peer.Send(Handshakes.Ack);
        AssertAcceptQueue(listener, Tuple(queued));
        AssertEhash(Tuple(queued));
        Peer.Use(refused);
        var crashes = CrashAt(CrashPoint.ListenerAcceptQueueFull);

        Peer.Send(Handshakes.Ack);
        Assert.Single(crashes.Crashes);
        Peer.Use(queued);
        Peer.Expect("R. 1:1(0) ack 1 win 64240");
        Peer.ExpectNothing();

        Peer.Use(refused);
        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.Expect("R 1:1(0) win 0");
        AssertNoLeaks();
        ListenerChecks.AssertPortServesAgain(this);
    }

    private FourTuple Tuple(ConnectionMapping connection)
    {
        var current = Peer.Connection;
        Peer.Use(connection);
        var tuple = Peer.Tuple;
        Peer.Use(current);
        return tuple;
    }
}
