using Akka.Actor;
using Hashdance.Actors.Messages;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.TestKit.Tests.Supervision;

/// <summary>
/// NicIngress is never restarted or stopped (docs/architecture.md, "Supervision"): restarting it would forget the
/// ehash and listener table every socket depends on, so a fault while it handles one message is counted
/// (HdIngressFault), logged and that message dropped. There is no crash point inside it; the one input that can make
/// it throw is a segment handed back for a second lookup whose frame is already gone.
/// </summary>
public sealed class IngressSupervisionTests : HashdanceTestKit
{
    [Fact]
    public void A_fault_in_the_ingress_is_counted_and_its_tables_and_sockets_carry_on()
    {
        var listener = Bind(8080);
        Handshakes.Complete(this);
        var (_, handler, _) = Accept(listener);
        var established = Peer.Tuple;
        var gone = PooledFrame.Copy(new byte[64], NowMicros);
        gone.Dispose();

        Stack.Ingress.Tell(new SegmentArrived(gone, 14));
        Run();

        AssertCounter(MibCounter.HdIngressFault, 1);
        Assert.True(IsAlive(Stack.Ingress));
        AssertEhash(established);
        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.Expect(". 1:1(0) ack 11 win 64230");
        Assert.Equal(new byte[10], Drain(handler));
        Handshakes.Complete(this);
        Accept(listener);
        Assert.Equal(2, Ehash().Count);
    }
}
