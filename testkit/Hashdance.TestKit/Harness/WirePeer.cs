using Akka.Actor;
using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>
/// The far end of the in-memory wire in tests: it injects frames it builds (so tests choose every field) and tells
/// <c>probe</c> a <see cref="WireFrame"/> for each frame the stack under test emits.
/// </summary>
public class WirePeer : IFrameSink
{
    private readonly ILink _link;
    private readonly IActorRef _probe;

    public WirePeer(ILink link, IActorRef probe, Ipv4Address address, MacAddress mac, MacAddress stackMac)
    {
        _link = link;
        _probe = probe;
        Address = address;
        Mac = mac;
        StackMac = stackMac;
        link.Start(this);
    }

    public Ipv4Address Address { get; }
    public MacAddress Mac { get; }
    public MacAddress StackMac { get; }

    public void OnFrame(PooledFrame frame)
    {
        _probe.Tell(new WireFrame(frame.Span.ToArray(), frame.TimestampMicros));
        frame.Dispose();
    }

    /// <summary>Sends a TCP segment from the peer to <paramref name="destination"/>.</summary>
    public void SendTcp(Ipv4Address destination, TcpRepr tcp, ReadOnlySpan<byte> payload = default, byte tos = 0, ushort ipId = 1,
        Ipv4Address? source = null, MacAddress? destinationMac = null) =>
        _link.Send(BuildTcpFrame(destination, tcp, payload, tos, ipId, source, destinationMac));

    /// <summary>The Ethernet frame <see cref="SendTcp"/> would send, for tests that damage it first.</summary>
    public byte[] BuildTcpFrame(Ipv4Address destination, TcpRepr tcp, ReadOnlySpan<byte> payload = default, byte tos = 0, ushort ipId = 1,
        Ipv4Address? source = null, MacAddress? destinationMac = null) =>
        PeerFrames.Tcp(Mac, destinationMac ?? StackMac, source ?? Address, destination, tcp, payload, tos, ipId);

    public void SendRaw(ReadOnlySpan<byte> frame) => _link.Send(frame);

    public void SendArpRequest(Ipv4Address target, Ipv4Address? sender = null)
    {
        var buffer = new byte[42];
        var n = FrameBuilder.BuildArp(buffer, new EthernetRepr(Mac, MacAddress.Broadcast, EtherType.Arp),
            new ArpRepr(ArpOperation.Request, Mac, sender ?? Address, MacAddress.Zero, target));
        _link.Send(buffer.AsSpan(0, n));
    }

    public void SendEcho(Ipv4Address destination, ushort id, ushort seq, ReadOnlySpan<byte> data)
    {
        var icmp = new IcmpV4Repr { Message = IcmpV4Message.EchoRequest, Identifier = id, SequenceNumber = seq, DataLength = data.Length };
        var length = icmp.BufferLength(data.Length);
        var ip = new Ipv4Repr { Source = Address, Destination = destination, Protocol = IpProtocol.Icmp, PayloadLength = length, Ttl = 64 };
        var buffer = new byte[14 + 20 + length];
        var n = FrameBuilder.BuildIcmp(buffer, new EthernetRepr(Mac, StackMac, EtherType.Ipv4), ip, icmp, data);
        _link.Send(buffer.AsSpan(0, n));
    }
}
