using Hashdance.NicIo;

namespace Hashdance.TestKit.Tests.Faults;

public sealed class MessageDropTests : HashdanceTestKit
{
    [Fact]
    public void A_segment_lost_between_the_ingress_and_its_connection_is_recovered_by_the_peers_retransmission()
    {
        var listener = Bind(8080);
        Handshakes.Complete(this);
        var (_, handler, _) = Accept(listener);
        var drops = DropMessages<FrameSlot>(StackActorKind.Ingress, StackActorKind.Connection);

        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.ExpectNothing();
        Assert.Single(drops.Dropped);
        Assert.Empty(Drain(handler));

        Peer.Send("P. 1:11(10) ack 1 win 65535");
        Peer.Expect(". 1:1(0) ack 11 win 64230");
        Assert.Equal(new byte[10], Drain(handler));
        Assert.Single(drops.Dropped);
    }

    [Fact]
    public void A_rule_names_both_ends_so_other_paths_keep_their_messages()
    {
        var listener = Bind(8080);
        var drops = DropMessages<FrameSlot>(StackActorKind.Ingress, StackActorKind.Connection);
        Handshakes.Complete(this);
        Accept(listener);
        Assert.Empty(drops.Dropped);
    }
}
