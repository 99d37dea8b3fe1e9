using Hashdance.Actors.Egress;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Routing;

public sealed class EgressTests
{
    private static readonly Ipv4Address Us = Ipv4Address.Parse("198.51.100.2");
    private static readonly Ipv4Address Gateway = Ipv4Address.Parse("198.51.100.1");
    private static readonly MacAddress GatewayMac = MacAddress.Parse("02:00:00:00:00:fe");
    private static readonly Ipv4Address OnLink = Ipv4Address.Parse("198.51.100.7");
    private static readonly Ipv4Address OffLink = Ipv4Address.Parse("203.0.113.9");

    private sealed class RecordingLink : ILink
    {
        public List<byte[]> Frames { get; } = [];
        public LinkInfo Info { get; } = new("rec", MacAddress.Parse("02:00:00:00:00:02"), 1500);
        public void Send(ReadOnlySpan<byte> frame) => Frames.Add(frame.ToArray());
        public void Start(IFrameSink sink) { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static OutSegment SegmentTo(Ipv4Address destination) => new()
    {
        Tuple = new FourTuple(Us, 8080, destination, 40000), Seq = new SeqNum(1), Flags = TcpFlags.Rst, Ttl = 64, DontFragment = true,
    };

    [Fact]
    public void Off_link_destinations_go_to_the_gateway_and_on_link_ones_need_a_neighbour()
    {
        var link = new RecordingLink();
        var mib = new MibCounters();
        var egress = new Hashdance.Actors.Egress.Egress(link, link.Info.Mac, new NeighbourTable([new(Gateway, GatewayMac)]), mib, Us, 24, Gateway);

        Assert.True(egress.SendTcp(SegmentTo(OffLink), default));
        Assert.True(EthernetRepr.TryParse(link.Frames[0], out var ethernet, out _));
        Assert.Equal(GatewayMac, ethernet.Destination);

        Assert.False(egress.SendTcp(SegmentTo(OnLink), default));
        Assert.Single(link.Frames);
        Assert.Equal(1, mib[MibCounter.IpOutNoRoutes]);
        Assert.Equal(1, mib[MibCounter.TcpOutSegs]);
        Assert.Equal(1, mib[MibCounter.TcpOutRsts]);
    }

    [Fact]
    public void Without_a_gateway_off_link_destinations_are_unreachable()
    {
        var link = new RecordingLink();
        var mib = new MibCounters();
        var egress = new Hashdance.Actors.Egress.Egress(link, link.Info.Mac, new NeighbourTable([new(Gateway, GatewayMac)]), mib, Us, 24);

        Assert.False(egress.SendTcp(SegmentTo(OffLink), default));
        Assert.Empty(link.Frames);
        Assert.Equal(1, mib[MibCounter.IpOutNoRoutes]);
    }
}
