using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.TestKit.Tests.Faults;

public sealed class LinkFaultTests : HashdanceTestKit
{
    [Fact]
    public void A_lossy_link_towards_the_stack_loses_the_SYN_before_the_stack_sees_it()
    {
        WithLinkFaults(toStack: new FaultPlan { LossRate = 1.0 }, toPeer: FaultPlan.None, seed: 3);
        Bind(8080);

        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        Peer.ExpectNothing();
        Assert.Equal(new FaultCounters(FramesIn: 1, Lost: 1, 0, 0, 0, 0, Passed: 0), LinkFaults!.OutboundCounters);
        AssertCounter(MibCounter.TcpInSegs, 0);
        Assert.Throws<InvalidOperationException>(() => WithLinkFaults(FaultPlan.None, FaultPlan.None));
    }

    [Fact]
    public void A_lossy_link_towards_the_peer_loses_the_SYN_ACK_and_the_request_retransmits_it()
    {
        WithLinkFaults(toStack: FaultPlan.None, toPeer: new FaultPlan { LossRate = 1.0 }, seed: 3);
        Bind(8080);

        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        Peer.ExpectNothing();
        Advance(TimeSpan.FromSeconds(1));
        Peer.ExpectNothing();
        Assert.Equal(2, LinkFaults!.InboundCounters.Lost);
        AssertCounter(MibCounter.TcpExtTCPSynRetrans, 1);
    }
}
