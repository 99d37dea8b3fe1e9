using Hashdance.Protocol.Mib;
using Xunit.Sdk;

namespace Hashdance.TestKit.Tests.Assertions;

public sealed class StateAssertionTests : HashdanceTestKit
{
    [Fact]
    public void The_accept_queue_lists_unaccepted_children_oldest_first()
    {
        var listener = Bind(8080, pullMode: true);
        Handshakes.Complete(this);
        var first = Peer.Tuple;
        Handshakes.Complete(this);
        var second = Peer.Tuple;

        AssertAcceptQueue(listener, first, second);
        AssertEhash(second, first);
        listener.Listener.Tell(new Hashdance.Actors.Api.ResumeAccepting(1), listener.Handler.Ref);
        AssertAcceptQueue(listener, second);
        AssertCounter(MibCounter.TcpPassiveOpens, 2);
    }

    [Fact]
    public void A_pending_request_is_a_leak_that_the_assertions_name()
    {
        var listener = Bind(8080);
        Handshakes.SynAndSynAck(this);

        var e = Assert.ThrowsAny<XunitException>(() => AssertNoLeaks(listener));
        Assert.Equal($"ehash: expected [] but it holds [{Peer.Tuple}]", e.Message);
        e = Assert.ThrowsAny<XunitException>(() => AssertCounter(MibCounter.TcpOutRsts, 1));
        Assert.Equal("counter TcpOutRsts: expected 1 but it is 0", e.Message);
        Assert.Equal(2, SocketActors().Count);
    }
}
