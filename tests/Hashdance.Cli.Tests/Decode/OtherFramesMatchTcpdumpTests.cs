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
