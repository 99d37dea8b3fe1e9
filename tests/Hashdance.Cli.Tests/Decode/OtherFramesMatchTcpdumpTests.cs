using Hashdance.Cli.Tests.Infrastructure;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>IPv4 header oddities, UDP, IPv6, VLAN tags and EtherTypes tcpdump has no printer for.</summary>
public sealed class OtherFramesMatchTcpdumpTests
{
    [TcpdumpFact]
    public void Ipv4HeaderProblemsPrintAsTcpdump()
    {
        var tcp = Tcp(Ack);
        DecodeAssert.MatchesTcpdump(
        [
            Ethernet(0x0800, Ipv4(6, tcp, totalLength: 19)),
            Ethernet(0x0800, Ipv4(6, tcp, versionAndIhl: 0x44)),
            Ethernet(0x0800, Ipv4(6, tcp, versionAndIhl: 0x4F)),
            Ethernet(0x0800, Ipv4(6, tcp, versionAndIhl: 0x55)),
            Ethernet(0x0800, Ipv4(6, tcp, versionAndIhl: 0x65)),
            Ethernet(0x0800, Ipv4(6, tcp, totalLength: 100)),
            Ethernet(0x0800, Ipv4(6, tcp, totalLength: 30)),
            Ethernet(0x0800, Ipv4(6, Tcp(Psh | Ack, payload: new byte[10]), totalLength: 45)),
            Ethernet(0x0800, Ipv4(6, tcp, totalLength: 0)),
            Ethernet(0x0800, Ipv4(253, new byte[12])),
            Ethernet(0x0800, Ipv4(77, new byte[12])),
            Ethernet(0x0800, Ipv4(59, [])),
            Ethernet(0x0800, Ipv4(6, tcp, flagsAndOffset: 0x0010)),
            Ethernet(0x0800, Ipv4(17, Udp(1, 2, []), flagsAndOffset: 0x2000 | 3)),
            Ethernet(0x0800, Ipv4(6, tcp, options: Options(7, 7, 4, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0))),
        ], expectedLines: 15);
    }

    [TcpdumpFact]
    public void UdpDatagramsPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, Ascii("hello")))),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, new byte[10]), flagsAndOffset: 0), padTo: 60),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, new byte[10], lengthField: 30))),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, new byte[10], lengthField: 30), flagsAndOffset: 0x2000)),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, new byte[10], lengthField: 12))),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, new byte[10], lengthField: 4))),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, [])[..6])),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, [])[..2])),
            Ethernet(0x0800, Ipv4(17, Udp(250, 9999, Bytes(0, 0, 9, 0)))),
        ], expectedLines: 9);
    }

    [TcpdumpFact]
    public void Ipv6TcpAndUdpPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            Ethernet(0x86DD, Ipv6(6, Tcp(Syn, options: Options(2, 4, 5, 160, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7)))),
            Ethernet(0x86DD, Ipv6(6, Tcp(Psh | Ack, payload: Ascii("GET / HTTP/1.1\r\n"), destinationPort: 80), "fe80::1", "ff02::1:ff00:1")),
            Ethernet(0x86DD, Ipv6(17, Udp(40000, 9999, new byte[4]), "::", "::ffff:192.0.2.1")),
            Ethernet(0x86DD, Ipv6(17, Udp(40000, 9999, new byte[4]), "::192.0.2.1", "1:0:0:1:0:0:0:1")),
            Ethernet(0x86DD, Ipv6(17, Udp(40000, 9999, new byte[4]), "1:0:1:0:1:0:1:0", "1::")),
            Ethernet(0x86DD, Ipv6(253, new byte[8], "2001:db8:0:0:1:0:0:1", "::1")),
            Ethernet(0x86DD, Ipv6(59, [])),
            Ethernet(0x86DD, Ipv6(6, Tcp(Ack), payloadLength: 0)),
            Ethernet(0x86DD, Ipv6(6, Tcp(Ack), payloadLength: 40)),
            Ethernet(0x86DD, Ipv6(6, Tcp(Ack))[..50]),
            Ethernet(0x86DD, Ipv6(6, Tcp(Ack))[..30]),
        ], expectedLines: 11);
    }

    [TcpdumpFact]
    public void Icmpv6MessagesPrintAsTcpdump()
    {
        var offendingUdp = Ipv6(17, Udp(40000, 9999, new byte[4]), "2001:db8::2", "2001:db8::1");
        var offendingTcp = Ipv6(6, Tcp(Syn), "2001:db8::2", "2001:db8::1");
        var behindHopByHop = Ipv6(0, [17, 0, 1, 4, 0, 0, 0, 0, .. Udp(40000, 53, [])], "2001:db8::2", "2001:db8::1");
        var behindFragment = Ipv6(44, [6, 0, 0, 1, 0, 0, 0, 7, .. Tcp(Syn)], "2001:db8::2", "2001:db8::1");
        var laterFragment = Ipv6(44, [6, 0, 0, 9, 0, 0, 0, 7, .. Tcp(Syn)], "2001:db8::2", "2001:db8::1");
        var unknownNext = Ipv6(253, new byte[8], "2001:db8::2", "2001:db8::1");
        var target = System.Net.IPAddress.Parse("fe80::1:2").GetAddressBytes();
        var other = System.Net.IPAddress.Parse("2001:db8::99").GetAddressBytes();
        static byte[] Icmp6(byte type, byte code, uint rest, byte[] body) =>
            Ethernet(0x86DD, Ipv6(58, Icmp(type, code, rest, body), "2001:db8::1", "2001:db8::2"));
        var frames = new List<byte[]>
        {
            Icmp6(128, 0, 0x0042_0001, new byte[56]),
            Icmp6(129, 0, 0x0042_0001, new byte[56]),
            Icmp6(135, 0, 0, [.. target, 1, 1, 2, 0, 0, 0, 0, 1]),
            Icmp6(136, 0, 0x6000_0000, target),
            Icmp6(133, 0, 0, []),
            Icmp6(134, 0, 0x4000_0708, new byte[8]),
            Icmp6(137, 0, 0, [.. target, .. other]),
            Icmp6(2, 0, 1280, offendingUdp),
            Icmp6(3, 0, 0, offendingUdp),
            Icmp6(3, 1, 0, offendingUdp),
            Icmp6(3, 7, 0, offendingUdp),
            Icmp6(4, 0, 40, offendingUdp),
            Icmp6(4, 1, 6, offendingUdp),
            Icmp6(4, 2, 42, offendingUdp),
            Icmp6(4, 3, 40, offendingUdp),
            Icmp6(4, 9, 40, offendingUdp),
            Icmp6(4, 0, 40, offendingUdp[..20]),
            Icmp6(141, 0, 0, []),
            Icmp6(144, 0, 0xBEEF_0000, []),
            Icmp6(146, 0, 0x00FF_0000, []),
            Icmp6(147, 0, 0x00FF_C000, []),
            Icmp6(250, 3, 0x0102_0304, Ascii("unknown type body")),
            Icmp6(200, 0, 0, []),
            Ethernet(0x86DD, Ipv6(58, [])),
        };
        for (byte code = 0; code <= 5; code++) frames.Add(Icmp6(1, code, 0, offendingUdp));
        frames.Add(Icmp6(1, 4, 0, offendingTcp));
        frames.Add(Icmp6(1, 4, 0, behindHopByHop));
        frames.Add(Icmp6(1, 4, 0, behindFragment));
        frames.Add(Icmp6(1, 4, 0, laterFragment));
        frames.Add(Icmp6(1, 4, 0, unknownNext));
        frames.Add(Icmp6(1, 4, 0, offendingUdp[..42]));
        DecodeAssert.MatchesTcpdump(frames);
        DecodeAssert.MatchesTcpdump(Enumerable.Range(1, 54 + 8 + 48).Select(n => CaptureFile.Record.Cut(Icmp6(1, 4, 0, offendingUdp), n)));
    }

    [TcpdumpFact]
    public void VlanTagsAndUnknownEtherTypesPrintAsTcpdump()
    {
        var vlanTagged = Ethernet(0x8100, [0x00, 0x64, 0x08, 0x00, .. Ipv4(6, Tcp(Syn))]);
        var doubleTagged = Ethernet(0x88A8, [0x00, 0x0A, 0x81, 0x00, 0x00, 0x14, 0x08, 0x06, .. Arp(1, ClientMac, ClientIp, ServerMac, ServerIp)]);
        DecodeAssert.MatchesTcpdump(
        [
            vlanTagged,
            doubleTagged,
            Ethernet(0x8100, [0x00, 0x64]),
            Ethernet(0x88B5, Ascii("local experimental ethertype payload!")),
            Ethernet(0x6004, Enumerable.Range(0, 33).Select(i => (byte)i).ToArray()),
            Ethernet(0x1234, [], padTo: 60),
            Ethernet(0x1234, []),
            Ethernet(0x0800, []),
            Ethernet(0x0806, []),
            Ethernet(0x86DD, []),
            Bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            Bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08),
        ], expectedLines: 21);
    }
}
