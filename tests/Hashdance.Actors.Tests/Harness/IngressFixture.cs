using Akka.Actor;
using Akka.TestKit;
using Hashdance.Actors.Egress;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Messages;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Harness;

/// <summary>A NicIngress on one end of a zero-delay in-memory wire, and a <see cref="WirePeer"/> on the other.</summary>
public sealed class IngressFixture
{
    public static readonly Ipv4Address StackAddress = Ipv4Address.Parse("192.168.0.1");
    public static readonly MacAddress StackMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly Ipv4Address PeerAddress = Ipv4Address.Parse("192.0.2.1");
    public static readonly MacAddress PeerMac = MacAddress.Parse("02:00:00:00:00:02");

    public IngressFixture(Akka.TestKit.Xunit2.TestKit kit, TcpSysctls? sysctls = null)
    {
        var clock = new SchedulerClock(kit.Sys.Scheduler);
        var wire = InMemoryWire.Create(kit.Sys.Scheduler, clock, new LinkInfo("stack", StackMac, 1500), new LinkInfo("peer", PeerMac, 1500), TimeSpan.Zero);
        Mib = new MibCounters();
        Neighbours = new NeighbourTable([new(PeerAddress, PeerMac)]);
        Egress = new Egress.Egress(wire.A, StackMac, Neighbours, Mib);
        Ingress = kit.Sys.ActorOf(NicIngress.Props(StackAddress, StackMac, sysctls ?? TcpSysctls.Default, Mib, Egress, seed: 7), "ingress");
        var ingress = Ingress;
        wire.A.Start(new FrameSink(frame => ingress.Tell(frame.HandOver())));
        Wire = kit.CreateTestProbe("wire");
        Peer = new WirePeer(wire.B, Wire.Ref, PeerAddress, PeerMac, StackMac);
    }

    public MibCounters Mib { get; }
    public NeighbourTable Neighbours { get; }
    public Egress.Egress Egress { get; }
    public IActorRef Ingress { get; }
    public TestProbe Wire { get; }
    public WirePeer Peer { get; }
}
