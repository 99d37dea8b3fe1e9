using Akka.Actor;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Tests.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Ingress;

public sealed class NicIngressTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Ipv4Address Us = IngressFixture.StackAddress;
    private readonly IngressFixture _f;

    public NicIngressTests() => _f = new IngressFixture(this);

    private static TcpRepr Syn(uint seq, ushort srcPort = 40000, ushort dstPort = 8080) => new()
    {
        SourcePort = srcPort, DestinationPort = dstPort, SequenceNumber = new SeqNum(seq), Flags = TcpFlags.Syn, Window = 65535,
        Options = new TcpOptionSet { Mss = 1460 },
    };

    [Fact]
    public void S10_syn_to_a_closed_port_gets_rst_ack_seq_0_ack_isn_plus_1_win_0_no_options_df_id_0()
    {
        _f.Peer.SendTcp(Us, Syn(1000), tos: 0x10);
        var reply = _f.Wire.ExpectMsg<WireFrame>();

        var tcp = reply.Tcp;
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, tcp.Flags);
        Assert.Equal(0u, tcp.SequenceNumber.Value);
        Assert.Equal(1001u, tcp.AckNumber.Value);
        Assert.Equal(0, tcp.Window);
        Assert.Empty(reply.TcpOptionBytes);
        Assert.Equal(8080, tcp.SourcePort);
        Assert.Equal(40000, tcp.DestinationPort);
        var ip = reply.Ip;
        Assert.Equal(Us, ip.Source);
        Assert.Equal(IngressFixture.PeerAddress, ip.Destination);
        Assert.True(ip.DontFragment);
        Assert.Equal(0, ip.Identification);
        Assert.Equal(0x10, ip.Tos);
        Assert.Equal(64, ip.Ttl);
        Assert.Equal(IngressFixture.PeerMac, reply.Ethernet.Destination);
        Assert.Equal(1, _f.Mib[MibCounter.TcpInSegs]);
        Assert.Equal(1, _f.Mib[MibCounter.TcpOutSegs]);
        Assert.Equal(1, _f.Mib[MibCounter.TcpOutRsts]);
    }

    [Fact]
    public void A_burst_of_frames_is_handled_in_order_as_one_message()
    {
        // What a TAP link delivers under load (one FramesArrived per read burst): three SYNs to a closed port, each
        // answered in arrival order, each counted once.
        var frames = new[] { 1000u, 2000u, 3000u }
            .Select(isn => PooledFrame.Copy(_f.Peer.BuildTcpFrame(Us, Syn(isn)), 0))
            .ToArray();

        _f.Ingress.Tell(new FramesArrived(frames));

        Assert.Equal([1001u, 2001u, 3001u], Enumerable.Range(0, 3).Select(_ => _f.Wire.ExpectMsg<WireFrame>().Tcp.AckNumber.Value));
        Assert.Equal(3, _f.Mib[MibCounter.TcpInSegs]);
        Assert.Equal(3, _f.Mib[MibCounter.TcpOutRsts]);
    }

    [Fact]
    public void S10_syn_with_payload_is_acked_past_the_payload_and_ack_gets_rst_seq_seg_ack_and_rst_gets_nothing()
    {
        _f.Peer.SendTcp(Us, Syn(5000), new byte[10]);
        Assert.Equal(5011u, _f.Wire.ExpectMsg<WireFrame>().Tcp.AckNumber.Value);

        _f.Peer.SendTcp(Us, new TcpRepr { SourcePort = 40000, DestinationPort = 8080, SequenceNumber = new SeqNum(7), AckNumber = new SeqNum(123456), Flags = TcpFlags.Ack, Window = 100 });
        var rst = _f.Wire.ExpectMsg<WireFrame>().Tcp;
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(123456u, rst.SequenceNumber.Value);
        Assert.Equal(0u, rst.AckNumber.Value);

        _f.Peer.SendTcp(Us, new TcpRepr { SourcePort = 40000, DestinationPort = 8080, SequenceNumber = new SeqNum(7), Flags = TcpFlags.Rst, Window = 0 });
        _f.Wire.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, _f.Mib[MibCounter.TcpOutRsts]);
        Assert.Equal(3, _f.Mib[MibCounter.TcpInSegs]);
    }

    [Fact]
    public void S22_bad_tcp_checksum_is_dropped_silently_and_counted()
    {
        var frame = BuildSynFrame();
        frame[^1] ^= 0xFF;
        _f.Peer.SendRaw(frame);
        _f.Wire.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        AwaitAssert(() =>
        {
            Assert.Equal(1, _f.Mib[MibCounter.TcpInCsumErrors]);
            Assert.Equal(1, _f.Mib[MibCounter.TcpInErrs]);
            Assert.Equal(1, _f.Mib[MibCounter.TcpInSegs]);
        });
        Assert.Equal(0, _f.Mib[MibCounter.TcpOutSegs]);
    }

    [Fact]
    public void S22_data_offset_below_5_counts_InErrs_and_gets_no_reply()
    {
        var frame = BuildSynFrame();
        frame[14 + 20 + 12] = 0x40; // doff 4
        _f.Peer.SendRaw(frame);
        _f.Wire.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        AwaitAssert(() => Assert.Equal(1, _f.Mib[MibCounter.TcpInErrs]));
        Assert.Equal(0, _f.Mib[MibCounter.TcpInCsumErrors]);
    }

    [Fact]
    public void S22_segment_to_the_broadcast_address_gets_nothing()
    {
        _f.Peer.SendTcp(Ipv4Address.Broadcast, Syn(1), destinationMac: MacAddress.Broadcast);
        _f.Wire.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        AwaitAssert(() => Assert.Equal(1, _f.Mib[MibCounter.IpInReceives]));
        Assert.Equal(0, _f.Mib[MibCounter.TcpInSegs]);
    }

    [Fact]
    public void Frames_for_another_mac_or_ip_and_garbage_are_dropped_with_reasons_never_crashing()
    {
        _f.Peer.SendTcp(Us, Syn(1), destinationMac: MacAddress.Parse("02:99:99:99:99:99"));
        _f.Peer.SendTcp(Ipv4Address.Parse("192.168.0.77"), Syn(1));
        _f.Peer.SendRaw(new byte[5]);
        var badIp = BuildSynFrame();
        badIp[14 + 10] ^= 0x55; // IPv4 header checksum
        _f.Peer.SendRaw(badIp);
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var junk = BuildSynFrame();
            junk[random.Next(14, junk.Length)] = (byte)random.Next(256);
            junk[random.Next(14, junk.Length)] = (byte)random.Next(256);
            _f.Peer.SendRaw(junk.AsSpan(0, random.Next(1, junk.Length + 1)));
        }
        AwaitAssert(() =>
        {
            Assert.Equal(1, _f.Mib[MibCounter.HdLinkNotForUs]);
            Assert.True(_f.Mib[MibCounter.IpInAddrErrors] >= 1);
            Assert.True(_f.Mib[MibCounter.HdLinkTooShort] >= 1);
            Assert.True(_f.Mib[MibCounter.HdIpBadChecksum] >= 1);
        });
        // The ingress survived all of it: it still answers a SYN to a closed port.
        _f.Wire.ReceiveWhile(TimeSpan.FromMilliseconds(200), o => o);
        _f.Peer.SendTcp(Us, Syn(42, srcPort: 50000));
        _f.Wire.FishForMessage<WireFrame>(f => f.Tcp.DestinationPort == 50000 && f.Tcp.AckNumber.Value == 43);
    }

    [Fact]
    public void Answers_arp_for_its_address_and_learns_the_sender()
    {
        var stranger = Ipv4Address.Parse("192.0.2.9");
        _f.Peer.SendArpRequest(Us);
        var reply = _f.Wire.ExpectMsg<WireFrame>();
        Assert.Equal(EtherType.Arp, reply.Ethernet.EtherType);
        Assert.Equal(IngressFixture.PeerMac, reply.Ethernet.Destination);
        Assert.True(ArpRepr.TryParse(reply.Bytes.AsSpan(14), out var arp, out _));
        Assert.Equal(new ArpRepr(ArpOperation.Reply, IngressFixture.StackMac, Us, IngressFixture.PeerMac, IngressFixture.PeerAddress), arp);

        _f.Peer.SendArpRequest(Ipv4Address.Parse("192.168.0.99"), sender: stranger);
        _f.Wire.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.False(_f.Neighbours.TryGet(stranger, out _));
        _f.Peer.SendArpRequest(Us, sender: stranger);
        _f.Wire.ExpectMsg<WireFrame>();
        Assert.True(_f.Neighbours.TryGet(stranger, out var learned));
        Assert.Equal(IngressFixture.PeerMac, learned);
        Assert.Equal(2, _f.Mib[MibCounter.HdArpRequestsAnswered]);
    }

    [Fact]
    public void Answers_icmp_echo_with_the_same_id_seq_and_data()
    {
        _f.Peer.SendEcho(Us, 0x1234, 7, "hashdance"u8);
        var reply = _f.Wire.ExpectMsg<WireFrame>();
        Assert.True(FrameParser.TryParseIpv4(reply.Bytes, out _, out var ip, out var transport, out _));
        Assert.True(IcmpV4Repr.TryParse(transport, out var icmp, out _));
        Assert.Equal(IcmpV4Message.EchoReply, icmp.Message);
        Assert.Equal(0x1234, icmp.Identifier);
        Assert.Equal(7, icmp.SequenceNumber);
        Assert.Equal("hashdance"u8.ToArray(), transport[8..].ToArray());
        Assert.Equal(IngressFixture.PeerAddress, ip.Destination);
        Assert.Equal(1, _f.Mib[MibCounter.IcmpInEchos]);
        Assert.Equal(1, _f.Mib[MibCounter.IcmpOutEchoReps]);
    }

    [Fact]
    public void Segments_reach_the_specific_listener_before_the_wildcard_and_the_ehash_before_both()
    {
        var wildcard = CreateTestProbe();
        var specific = CreateTestProbe();
        var connection = CreateTestProbe();
        _f.Ingress.Tell(new ListenerAdd(new Ipv4Endpoint(Ipv4Address.Any, 8080), wildcard.Ref));
        ExpectMsg<ListenerAdded>();
        _f.Ingress.Tell(new ListenerAdd(new Ipv4Endpoint(Us, 8080), specific.Ref));
        ExpectMsg<ListenerAdded>();
        _f.Ingress.Tell(new ListenerAdd(new Ipv4Endpoint(Us, 8080), CreateTestProbe().Ref));
        Assert.Equal(SocketError.AddressInUse, ExpectMsg<ListenerAddFailed>().Error);
        _f.Ingress.Tell(new ListenerAdd(new Ipv4Endpoint(Ipv4Address.Parse("10.9.9.9"), 80), CreateTestProbe().Ref));
        Assert.Equal(SocketError.AddressNotAvailable, ExpectMsg<ListenerAddFailed>().Error);

        _f.Peer.SendTcp(Us, Syn(1));
        var first = specific.ExpectMsg<SegmentArrived>();
        Assert.Equal(14, first.IpOffset);
        first.Frame.Dispose();

        var tuple = new FourTuple(Us, 8080, IngressFixture.PeerAddress, 40000);
        _f.Ingress.Tell(new EhashInsert(tuple, connection.Ref));
        connection.ExpectMsg<Hashed>();
        _f.Peer.SendTcp(Us, Syn(2));
        // A local socket in the ehash gets the frame's pooled slot itself, with the IP offset inside.
        var slot = connection.ExpectMsg<FrameSlot>();
        var claimed = slot.Claim(out var ipOffset);
        Assert.Equal(14, ipOffset);
        Assert.Throws<InvalidOperationException>(() => slot.Claim(out _));
        claimed.Dispose();

        _f.Ingress.Tell(new ListenerRemove(new Ipv4Endpoint(Us, 8080), specific.Ref));
        _f.Peer.SendTcp(Us, Syn(3, srcPort: 40001));
        wildcard.ExpectMsg<SegmentArrived>().Frame.Dispose();
        specific.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Replace_swaps_request_for_child_atomically_and_refuses_when_the_request_is_gone()
    {
        var request = CreateTestProbe();
        var child = CreateTestProbe();
        var tuple = new FourTuple(Us, 8080, IngressFixture.PeerAddress, 40000);
        _f.Ingress.Tell(new EhashInsert(tuple, request.Ref));
        request.ExpectMsg<Hashed>();
        _f.Ingress.Tell(new EhashInsert(tuple, child.Ref));
        child.ExpectMsg<HashFailed>();

        _f.Ingress.Tell(new EhashReplace(tuple, request.Ref, child.Ref));
        Assert.Equal(child.Ref, request.ExpectMsg<Unhashed>().Successor);
        _f.Peer.SendTcp(Us, Syn(9));
        child.ExpectMsg<FrameSlot>().Claim(out _).Dispose();

        _f.Ingress.Tell(new EhashReplace(tuple, request.Ref, CreateTestProbe().Ref));
        ExpectMsg<ReplaceFailed>();

        _f.Ingress.Tell(new EhashRemove(tuple, request.Ref));
        _f.Ingress.Tell(NicIngress.GetTables.Instance);
        Assert.Equal(child.Ref, ExpectMsg<NicIngress.Tables>().Ehash[tuple]);
        _f.Ingress.Tell(new EhashRemove(tuple, child.Ref));
        _f.Ingress.Tell(NicIngress.GetTables.Instance);
        Assert.Empty(ExpectMsg<NicIngress.Tables>().Ehash);
    }

    [Fact]
    public void Connect_hash_picks_distinct_even_ports_in_the_local_range_and_refuses_a_taken_tuple()
    {
        var remote = new Ipv4Endpoint(IngressFixture.PeerAddress, 80);
        var ports = new HashSet<ushort>();
        for (var i = 0; i < 50; i++)
        {
            _f.Ingress.Tell(new ConnectHash(remote, 0, TestActor));
            var hashed = ExpectMsg<ConnectHashed>().Tuple;
            Assert.InRange(hashed.LocalPort, 32768, 60999);
            Assert.Equal(0, hashed.LocalPort % 2);
            Assert.True(ports.Add(hashed.LocalPort));
            Assert.Equal(remote.Address, hashed.RemoteAddress);
        }
        _f.Ingress.Tell(new ConnectHash(remote, ports.First(), TestActor));
        Assert.Equal(SocketError.AddressInUse, ExpectMsg<ConnectHashFailed>().Error);
    }

    private static byte[] BuildSynFrame()
    {
        var tcp = Syn(1);
        var ip = new Ipv4Repr { Source = IngressFixture.PeerAddress, Destination = Us, Protocol = IpProtocol.Tcp, PayloadLength = tcp.HeaderLength, Ttl = 64 };
        var buffer = new byte[14 + 20 + tcp.HeaderLength];
        FrameBuilder.BuildTcp(buffer, new EthernetRepr(IngressFixture.PeerMac, IngressFixture.StackMac, EtherType.Ipv4), ip, tcp, default);
        return buffer;
    }

}
