using Hashdance.Actors.Egress;
using Hashdance.Actors.Tests.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Neighbours;

/// <summary>The ARP cache against Linux's neighbour state machine, in virtual time, frame by frame.</summary>
public sealed class NeighbourTableTests : SynchronousVirtualTimeTestKit
{
    private static readonly Ipv4Address Us = Ipv4Address.Parse("198.51.100.2");
    private static readonly MacAddress OurMac = MacAddress.Parse("02:68:64:00:00:02");
    private static readonly Ipv4Address Peer = Ipv4Address.Parse("198.51.100.1");
    private static readonly MacAddress PeerMac = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly Ipv4Address Gateway = Ipv4Address.Parse("198.51.100.254");
    private static readonly MacAddress GatewayMac = MacAddress.Parse("02:00:00:00:00:fe");

    private readonly RecordingLink _link = new();
    private readonly MibCounters _mib = new();

    private sealed class RecordingLink : ILink
    {
        public List<byte[]> Frames { get; } = [];
        public LinkInfo Info { get; } = new("rec", OurMac, 1500);
        public void Send(ReadOnlySpan<byte> frame) => Frames.Add(frame.ToArray());
        public void Start(IFrameSink sink) { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private Hashdance.Actors.Egress.Egress CreateEgress(NeighbourParameters? parameters = null, Ipv4Address? gateway = null,
        IEnumerable<KeyValuePair<Ipv4Address, MacAddress>>? permanent = null)
    {
        var table = new NeighbourTable(permanent ?? [], Sys.Scheduler, new SchedulerClock(Sys.Scheduler), parameters ?? NeighbourParameters.Default, seed: 3);
        return new Hashdance.Actors.Egress.Egress(_link, OurMac, table, _mib, Us, 24, gateway);
    }

    private static OutSegment Segment(Ipv4Address to, uint seq) => new()
    {
        Tuple = new FourTuple(Us, 80, to, 40000), Seq = new SeqNum(seq), Flags = TcpFlags.Ack, Window = 100, Ttl = 64, DontFragment = true,
    };

    private static ArpRepr Arp(byte[] frame, MacAddress expectedDestination)
    {
        Assert.True(EthernetRepr.TryParse(frame, out var ethernet, out _));
        Assert.Equal(EtherType.Arp, ethernet.EtherType);
        Assert.Equal(OurMac, ethernet.Source);
        Assert.Equal(expectedDestination, ethernet.Destination);
        Assert.True(ArpRepr.TryParse(frame.AsSpan(EthernetRepr.HeaderLength), out var arp, out _));
        return arp;
    }

    private static (MacAddress Destination, uint Seq) Tcp(byte[] frame)
    {
        Assert.True(FrameParser.TryParseIpv4(frame, out var ethernet, out _, out var transport, out _));
        Assert.True(TcpPacket.TryParse(transport, out var tcp, out _));
        return (ethernet.Destination, tcp.SequenceNumber.Value);
    }

    private void Advance(double seconds) => Clockwork.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void An_unknown_neighbour_gets_three_broadcast_requests_one_second_apart_then_fails_and_drops_the_waiting_frame()
    {
        var egress = CreateEgress();

        Assert.True(egress.SendTcp(Segment(Peer, 1), default));
        var request = new ArpRepr(ArpOperation.Request, OurMac, Us, MacAddress.Zero, Peer);
        Assert.Equal(request, Arp(Assert.Single(_link.Frames), MacAddress.Broadcast));
        Assert.Equal(NeighbourState.Incomplete, egress.Neighbours.StateOf(Peer));

        Advance(0.999);
        Assert.Single(_link.Frames);
        Advance(0.001);
        Assert.Equal(2, _link.Frames.Count);
        Advance(1);
        Assert.Equal(3, _link.Frames.Count);
        Assert.All(_link.Frames, f => Assert.Equal(request, Arp(f, MacAddress.Broadcast)));
        Advance(1);
        Assert.Equal(3, _link.Frames.Count);
        Assert.Equal(NeighbourState.Failed, egress.Neighbours.StateOf(Peer));
        Assert.Equal(new NeighbourStatistics(1, 1, 0, 1, 0, 3, 1), egress.Neighbours.Statistics);
        Assert.Equal(1, _mib[MibCounter.IpOutRequests]);
        Assert.Equal(0, _mib[MibCounter.IpOutNoRoutes]);

        Advance(30);
        Assert.Equal(3, _link.Frames.Count);
        // The next frame starts resolution over (__neigh_event_send from NUD_FAILED).
        egress.SendTcp(Segment(Peer, 2), default);
        Assert.Equal(request, Arp(_link.Frames[3], MacAddress.Broadcast));
    }

    [Fact]
    public void A_reply_sends_the_waiting_frames_in_order_with_the_learned_address()
    {
        var egress = CreateEgress();
        egress.SendTcp(Segment(Peer, 1), default);
        egress.SendTcp(Segment(Peer, 2), default);
        Assert.Single(_link.Frames);

        egress.Neighbours.OnArpFrom(Peer, PeerMac, isReply: true);

        Assert.Equal(3, _link.Frames.Count);
        Assert.Equal((PeerMac, 1u), Tcp(_link.Frames[1]));
        Assert.Equal((PeerMac, 2u), Tcp(_link.Frames[2]));
        Assert.Equal(NeighbourState.Reachable, egress.Neighbours.StateOf(Peer));
        egress.SendTcp(Segment(Peer, 3), default);
        Assert.Equal((PeerMac, 3u), Tcp(_link.Frames[3]));
        // Resolved before its first retransmission: no second request.
        Advance(2);
        Assert.Equal(4, _link.Frames.Count);
    }

    [Fact]
    public void The_waiting_queue_is_bounded_in_bytes_and_drops_the_oldest()
    {
        // A pure-ACK frame is 54 bytes; 120 bytes hold two of them.
        var egress = CreateEgress(NeighbourParameters.Default with { UnresolvedQueueBytes = 120 });
        for (uint seq = 1; seq <= 4; seq++) egress.SendTcp(Segment(Peer, seq), default);

        egress.Neighbours.OnArpFrom(Peer, PeerMac, isReply: true);

        Assert.Equal(3, _link.Frames.Count);
        Assert.Equal((PeerMac, 3u), Tcp(_link.Frames[1]));
        Assert.Equal((PeerMac, 4u), Tcp(_link.Frames[2]));
        Assert.Equal(2, egress.Neighbours.Statistics.UnresolvedDiscards);
    }

    [Fact]
    public void Off_link_destinations_resolve_the_gateway()
    {
        var egress = CreateEgress(gateway: Gateway);
        egress.SendTcp(Segment(Ipv4Address.Parse("203.0.113.9"), 1), default);
        Assert.Equal(new ArpRepr(ArpOperation.Request, OurMac, Us, MacAddress.Zero, Gateway), Arp(_link.Frames[0], MacAddress.Broadcast));

        egress.Neighbours.OnArpFrom(Gateway, GatewayMac, isReply: true);
        Assert.Equal((GatewayMac, 1u), Tcp(_link.Frames[1]));
    }

    [Fact]
    public void A_used_entry_goes_stale_then_delay_then_probes_by_unicast_and_a_reply_makes_it_reachable_again()
    {
        var egress = CreateEgress();
        egress.SendTcp(Segment(Peer, 1), default);
        egress.Neighbours.OnArpFrom(Peer, PeerMac, isReply: true);
        var sent = _link.Frames.Count;

        // Unused, a REACHABLE entry is STALE once its random reachable time (15–45 s) has run out.
        Advance(45);
        Assert.Equal(NeighbourState.Stale, egress.Neighbours.StateOf(Peer));
        Assert.Equal(sent, _link.Frames.Count);

        // Using it sends at once (STALE still has an address) and starts the DELAY timer.
        egress.SendTcp(Segment(Peer, 2), default);
        Assert.Equal((PeerMac, 2u), Tcp(_link.Frames[sent]));
        Assert.Equal(NeighbourState.Delay, egress.Neighbours.StateOf(Peer));
        Advance(5);
        Assert.Equal(NeighbourState.Probe, egress.Neighbours.StateOf(Peer));
        var probe = new ArpRepr(ArpOperation.Request, OurMac, Us, MacAddress.Zero, Peer);
        Assert.Equal(probe, Arp(_link.Frames[sent + 1], PeerMac));

        egress.Neighbours.OnArpFrom(Peer, PeerMac, isReply: true);
        Assert.Equal(NeighbourState.Reachable, egress.Neighbours.StateOf(Peer));
        Advance(1);
        Assert.Equal(sent + 2, _link.Frames.Count);
    }

    [Fact]
    public void Unanswered_unicast_probes_fail_the_entry_after_ucast_solicit_of_them()
    {
        var egress = CreateEgress();
        egress.Neighbours.OnRequestForUs(Peer, PeerMac);
        Assert.Equal(NeighbourState.Stale, egress.Neighbours.StateOf(Peer));
        egress.SendTcp(Segment(Peer, 1), default);
        Advance(5);
        Advance(1);
        Advance(1);
        Advance(1);
        var probes = _link.Frames.Skip(1).Select(f => Arp(f, PeerMac)).ToList();
        Assert.Equal(3, probes.Count);
        Assert.Equal(NeighbourState.Failed, egress.Neighbours.StateOf(Peer));
        Assert.False(egress.Neighbours.TryGet(Peer, out _));
    }

    [Fact]
    public void Requests_for_us_create_stale_entries_but_unsolicited_replies_create_none_and_permanent_entries_stay()
    {
        var egress = CreateEgress(permanent: [new(Gateway, GatewayMac)]);
        egress.Neighbours.OnArpFrom(Peer, PeerMac, isReply: true);
        Assert.Null(egress.Neighbours.StateOf(Peer));

        egress.Neighbours.OnRequestForUs(Peer, PeerMac);
        Assert.Equal(NeighbourState.Stale, egress.Neighbours.StateOf(Peer));
        Assert.True(egress.Neighbours.TryGet(Peer, out var learned));
        Assert.Equal(PeerMac, learned);

        egress.Neighbours.OnArpFrom(Gateway, PeerMac, isReply: true);
        egress.Neighbours.OnRequestForUs(Gateway, PeerMac);
        Assert.Equal(NeighbourState.Permanent, egress.Neighbours.StateOf(Gateway));
        Assert.True(egress.Neighbours.TryGet(Gateway, out var permanent));
        Assert.Equal(GatewayMac, permanent);
        Assert.Empty(_link.Frames);
    }

    [Fact]
    public void The_announcement_is_a_broadcast_request_from_and_for_our_own_address()
    {
        var egress = CreateEgress();
        egress.Neighbours.Announce();
        var frame = Assert.Single(_link.Frames);
        Assert.Equal(42, frame.Length);
        Assert.Equal(new ArpRepr(ArpOperation.Request, OurMac, Us, MacAddress.Zero, Us), Arp(frame, MacAddress.Broadcast));
    }

    [Fact]
    public void A_static_table_does_not_resolve_and_reports_no_route()
    {
        var egress = new Hashdance.Actors.Egress.Egress(_link, OurMac, new NeighbourTable([]), _mib, Us, 24);
        Assert.False(egress.SendTcp(Segment(Peer, 1), default));
        Assert.Empty(_link.Frames);
        Assert.Equal(1, _mib[MibCounter.IpOutNoRoutes]);
    }
}
