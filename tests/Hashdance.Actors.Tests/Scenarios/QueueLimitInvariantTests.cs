using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>Both queue limits of listen(fd, 1) in pull mode (§11, §17.3), with syncookies on (the default).</summary>
public sealed class QueueLimitInvariantTests : StackUnderTest
{
    [Fact]
    public void Listen_1_two_requests_then_a_cookie_two_children_fill_the_accept_queue_and_further_syns_get_nothing()
    {
        var listener = Bind(backlog: 1, pullMode: true);
        var a = SynAndSynAck();
        var b = SynAndSynAck();
        Assert.Equal((2, 2, 0, 2), Shape(listener));

        // qlen 2 > backlog 1: the third SYN gets a cookie and no request.
        var c = Flow();
        c.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
        var cookieTs = c.ExpectSynAck(window: 65160).Tcp.Options.Timestamps!.Value.Value;
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal((2, 2, 0, 2), Shape(listener));

        // ack_backlog > backlog: two children fit.
        a.Ack();
        b.Ack();
        ExpectNoFrame();
        Assert.Equal((0, 0, 2, 2), Shape(listener));

        // Full: a valid cookie ACK is dropped (ListenOverflows), and so are new SYNs, cookies or not.
        c.Ack(tsVal: 101, tsEcr: cookieTs);
        ExpectNoFrame();
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesRecv]);
        Assert.Equal(1, Counters[MibCounter.TcpExtListenOverflows]);
        var d = Flow();
        d.Syn();
        ExpectNoFrame();
        Assert.Equal(2, Counters[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(2, Counters[MibCounter.TcpExtListenDrops]);
        Assert.Equal(1, Counters[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal((0, 0, 2, 2), Shape(listener));
        ExpectNothing(listener.Handler);

        // accept() once: the peer's retransmitted cookie ACK now makes the third child, and the queue is full again.
        ResumeAccepting(listener, a);
        c.Ack(tsVal: 102, tsEcr: cookieTs);
        ExpectNoFrame();
        Assert.Equal(2, Counters[MibCounter.TcpExtSyncookiesRecv]);
        Assert.Equal((0, 0, 2, 3), Shape(listener));
        d.Syn();
        ExpectNoFrame();
        Assert.Equal(3, Counters[MibCounter.TcpExtListenOverflows]);

        ResumeAccepting(listener, b, c);
        Assert.Equal((0, 0, 0, 3), Shape(listener));
        Assert.Equal(3, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(3, Tables().Ehash.Count);
    }

    /// <summary>(qlen, young, accept queue, child actors).</summary>
    private (int, int, int, int) Shape(BoundListener listener)
    {
        var q = QueueState(listener);
        return (q.RequestQueueLength, q.Young, q.AcceptQueueLength, q.Children);
    }
}
