using System.Buffers;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Egress;

/// <summary>
/// Puts segments, ICMP and ARP on the link: builds Ethernet + IPv4 + TCP into a rented buffer and hands it to the
/// link, which copies it. Thread-safe and allocation-free, so every socket actor sends directly instead of through
/// another actor hop. Counts what ip_local_out/tcp_transmit_skb count: Ip OutRequests, Tcp OutSegs and OutRsts.
/// </summary>
public sealed class Egress
{
    private const int EthernetAndIp = EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength;

    private readonly ILink _link;
    private readonly MacAddress _mac;
    private readonly NeighbourTable _neighbours;
    private readonly MibCounters _mib;

    private readonly Ipv4Address _address;
    private readonly int _prefixLength;
    private readonly Ipv4Address? _gateway;
    private readonly bool _nextHopOnNic;

    public NeighbourTable Neighbours => _neighbours;

    /// <param name="nextHopOnNic">
    /// The egress of a stack whose link is on another cluster node (the <c>sockets</c> role): it neither routes nor
    /// resolves; the <c>nic</c> node, which owns the interface, its routes and its ARP cache, does both for every frame
    /// (<see cref="ForwardFromRemote"/>).
    /// </param>
    public Egress(ILink link, MacAddress mac, NeighbourTable neighbours, MibCounters mib,
        Ipv4Address address = default, int prefixLength = 32, Ipv4Address? gateway = null, bool nextHopOnNic = false)
    {
        _nextHopOnNic = nextHopOnNic;
        _link = link;
        _mac = mac;
        _neighbours = neighbours;
        _mib = mib;
        _address = address;
        _prefixLength = prefixLength;
        _gateway = gateway;
        neighbours.Attach(link, mac, address);
    }

    /// <summary>
    /// The route lookup of ip_route_output for a host with one interface: on-link destinations (and any destination
    /// with a neighbour entry) are their own next hop; the rest go to the default gateway, if there is one. Then the
    /// neighbour lookup of that next hop (ip_finish_output2 → neigh_output).
    /// </summary>
    private bool TryRoute(Ipv4Address destination, out Ipv4Address nextHop, out NeighbourLookup lookup, out MacAddress mac)
    {
        nextHop = destination;
        if (_nextHopOnNic)
        {
            lookup = NeighbourLookup.Resolved;
            mac = default;
            return true;
        }
        // The subnet test comes first: it needs no lock, and on-link is the common case.
        if (!_address.SameSubnet(destination, _prefixLength) && !_neighbours.TryGet(destination, out _))
        {
            if (_gateway is not { } gateway)
            {
                lookup = NeighbourLookup.NoRoute;
                mac = default;
                _mib.Increment(MibCounter.IpOutNoRoutes);
                return false;
            }
            nextHop = gateway;
        }
        lookup = _neighbours.Lookup(nextHop, out mac);
        if (lookup != NeighbourLookup.NoRoute) return true;
        _mib.Increment(MibCounter.IpOutNoRoutes);
        return false;
    }

    /// <summary>Sends a built frame, or hands it (and its rented buffer) to the neighbour table to wait for ARP.</summary>
    private void Transmit(byte[] buffer, int written, Ipv4Address nextHop, NeighbourLookup lookup)
    {
        if (lookup == NeighbourLookup.Queue)
        {
            _neighbours.Enqueue(nextHop, buffer, written);
            return;
        }
        try
        {
            _link.Send(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The <c>nic</c> node's half of a frame built by a stack on a <c>sockets</c> node: the IPv4 packet inside is
    /// routed and its next hop resolved here (ip_finish_output2 → neigh_output, with this node's ARP cache), then it
    /// leaves with this interface's MAC as source. Returns false when the frame is not IPv4 or has no route.
    /// </summary>
    public bool ForwardFromRemote(ReadOnlySpan<byte> frame)
    {
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _) || ethernet.EtherType != EtherType.Ipv4
            || !Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _)) return false;
        if (!TryRoute(ip.Destination, out var nextHopAddress, out var lookup, out var nextHop)) return false;
        var buffer = ArrayPool<byte>.Shared.Rent(frame.Length);
        frame.CopyTo(buffer);
        nextHop.Write(buffer.AsSpan(0, 6));
        _mac.Write(buffer.AsSpan(6, 6));
        Transmit(buffer, frame.Length, nextHopAddress, lookup);
        return true;
    }

    /// <summary>
    /// Sends one TCP segment. Returns false (counted as IpOutNoRoutes) when there is no route or, for a static
    /// neighbour table, no neighbour; a frame waiting for ARP counts as sent, as in Linux.
    /// </summary>
    public bool SendTcp(in OutSegment segment, ReadOnlySpan<byte> payload)
    {
        if (!TryRoute(segment.Tuple.RemoteAddress, out var nextHopAddress, out var lookup, out var nextHop)) return false;
        var tcp = new TcpRepr
        {
            SourcePort = segment.Tuple.LocalPort,
            DestinationPort = segment.Tuple.RemotePort,
            SequenceNumber = segment.Seq,
            AckNumber = segment.Ack,
            Flags = segment.Flags,
            Window = segment.Window,
            UrgentPointer = segment.UrgentPointer,
            Options = segment.Options,
            PayloadLength = payload.Length,
        };
        var tcpLength = tcp.HeaderLength + payload.Length;
        var ip = new Ipv4Repr
        {
            Source = segment.Tuple.LocalAddress,
            Destination = segment.Tuple.RemoteAddress,
            Protocol = IpProtocol.Tcp,
            PayloadLength = tcpLength,
            Ttl = segment.Ttl,
            Tos = segment.Tos,
            Identification = segment.IpId,
            DontFragment = segment.DontFragment,
        };
        var ethernet = new EthernetRepr(_mac, nextHop, EtherType.Ipv4);
        var buffer = ArrayPool<byte>.Shared.Rent(EthernetAndIp + tcpLength);
        Transmit(buffer, FrameBuilder.BuildTcp(buffer, ethernet, ip, tcp, payload), nextHopAddress, lookup);
        _mib.Increment(MibCounter.IpOutRequests);
        _mib.Increment(MibCounter.TcpOutSegs);
        if ((segment.Flags & TcpFlags.Rst) != 0) _mib.Increment(MibCounter.TcpOutRsts);
        return true;
    }

    /// <summary>Sends an ICMP message (echo reply, destination unreachable) to <paramref name="destination"/>.</summary>
    public bool SendIcmp(Ipv4Address source, Ipv4Address destination, in IcmpV4Repr icmp, ReadOnlySpan<byte> data, byte ttl)
    {
        if (!TryRoute(destination, out var nextHopAddress, out var lookup, out var nextHop)) return false;
        var icmpLength = icmp.BufferLength(data.Length);
        var ip = new Ipv4Repr
        {
            Source = source,
            Destination = destination,
            Protocol = IpProtocol.Icmp,
            PayloadLength = icmpLength,
            Ttl = ttl,
        };
        var buffer = ArrayPool<byte>.Shared.Rent(EthernetAndIp + icmpLength);
        Transmit(buffer, FrameBuilder.BuildIcmp(buffer, new EthernetRepr(_mac, nextHop, EtherType.Ipv4), ip, icmp, data), nextHopAddress, lookup);
        _mib.Increment(MibCounter.IpOutRequests);
        _mib.Increment(MibCounter.IcmpOutMsgs);
        return true;
    }

    /// <summary>Sends an ARP request or reply.</summary>
    public void SendArp(in ArpRepr arp, MacAddress destination)
    {
        ArpFrames.Send(_link, _mac, arp, destination);
    }
}
