using Hashdance.Cli.Tests.Infrastructure;
using Hashdance.Protocol.Wire;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>ARP requests and replies, and the ICMP messages of RFC 792 (echo, destination unreachable, ...).</summary>
public sealed class ArpAndIcmpMatchTcpdumpTests
{
    private static readonly MacAddress Broadcast = MacAddress.Broadcast;

    [TcpdumpFact]
    public void ArpRequestsAndRepliesPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            Ethernet(0x0806, Arp(1, ClientMac, ClientIp, MacAddress.Zero, ServerIp), destination: Broadcast),
            Ethernet(0x0806, Arp(2, ServerMac, ServerIp, ClientMac, ClientIp), source: ServerMac, destination: ClientMac),
            Ethernet(0x0806, Arp(1, ClientMac, ClientIp, MacAddress.Zero, ServerIp), padTo: 60, destination: Broadcast),
            Ethernet(0x0806, Arp(2, ServerMac, ServerIp, ClientMac, ClientIp), padTo: 60),
            Ethernet(0x0806, Arp(1, ClientMac, ClientIp, ServerMac, ServerIp)),
            Ethernet(0x0806, Arp(1, ClientMac, ClientIp, MacAddress.Zero, ClientIp), destination: Broadcast),
            Ethernet(0x8035, Arp(3, ClientMac, Ipv4Address.Any, ClientMac, Ipv4Address.Any)),
            Ethernet(0x8035, Arp(4, ServerMac, ServerIp, ClientMac, ClientIp)),
            Ethernet(0x0806, Arp(8, ClientMac, ClientIp, ServerMac, Ipv4Address.Any)),
            Ethernet(0x0806, Arp(9, ServerMac, ServerIp, ClientMac, ClientIp)),
            Ethernet(0x0806, Arp(10, ServerMac, ServerIp, ClientMac, ClientIp)),
            Ethernet(0x0806, Arp(77, ServerMac, ServerIp, ClientMac, ClientIp), padTo: 60),
        ]);
    }

    [TcpdumpFact]
    public void EchoAndInformationalMessagesPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            Ethernet(0x0800, Ipv4(1, Icmp(8, 0, 0x1234_0001, new byte[56]))),
            IcmpFrame(0, 0, 0x1234_0001, new byte[56]),
            Ethernet(0x0800, Ipv4(1, Icmp(8, 0, 0xFFFF_FFFF, []), corruptChecksums: true)),
            IcmpFrame(8, 9, 7, Ascii("abc")),
            IcmpFrame(4, 0, 0, new byte[28]),
            IcmpFrame(10, 0, 0, []),
            IcmpFrame(9, 0, 0x0102_0708, Bytes(10, 0, 0, 1, 0, 0, 0, 5, 10, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF)),
            IcmpFrame(9, 0, 0x0002_0030, Bytes(10, 0, 0, 1, 0, 0, 0, 5)),
            IcmpFrame(9, 0, 0x0103_0E10, Bytes(10, 0, 0, 1, 0, 0, 0, 5)),
            IcmpFrame(9, 0, 0x0302_0030, Bytes(10, 0, 0, 1, 0, 0, 0, 5)),
            IcmpFrame(13, 0, 0x0005_0006, new byte[12]),
            IcmpFrame(14, 0, 0x0005_0006, Bytes(0, 0, 0, 1, 0x05, 0x26, 0x5C, 0x00, 0x05, 0x26, 0x5C, 0x01)),
            IcmpFrame(15, 0, 0x0001_0002, []),
            IcmpFrame(16, 0, 0x0001_0002, []),
            IcmpFrame(17, 0, 0x0001_0002, new byte[4]),
            IcmpFrame(18, 0, 0x0001_0002, Bytes(255, 255, 255, 0)),
            IcmpFrame(12, 0, 0x1400_0000, new byte[28]),
            IcmpFrame(12, 1, 0, new byte[28]),
            IcmpFrame(99, 3, 0, []),
            IcmpFrame(40, 0, 0, []),
        ], expectedLines: 20);
    }

    [TcpdumpFact]
    public void DestinationUnreachableWithQuotedTcpPrintsAsTcpdump()
    {
        var offendingTcp = Ipv4(6, Tcp(Syn, options: Options(2, 4, 5, 180)), ClientIp, ServerIp);
        var offendingUdp = Ipv4(17, Udp(40000, 9999, new byte[12]), ClientIp, ServerIp);
        var offendingGre = Ipv4(47, new byte[12], ClientIp, ServerIp);
        var withIpOptions = Ipv4(6, Tcp(Syn), ClientIp, ServerIp, options: Options(1, 1, 1, 1));
        var frames = new List<byte[]>();
        for (byte code = 0; code <= 16; code++) frames.Add(IcmpErrorFrame(3, code, code == 4 ? 1400u : 0u, offendingTcp));
        frames.Add(IcmpErrorFrame(3, 3, 0, offendingUdp));
        frames.Add(IcmpErrorFrame(3, 3, 0, offendingGre));
        frames.Add(IcmpErrorFrame(3, 3, 0, withIpOptions));
        frames.Add(IcmpErrorFrame(3, 4, 0, offendingTcp));
        frames.Add(IcmpErrorFrame(3, 4, 0x0000_0240, offendingTcp));
        frames.Add(IcmpErrorFrame(3, 99, 0, offendingTcp));
        frames.Add(IcmpErrorFrame(3, 3, 0, offendingTcp[..24]));
        frames.Add(IcmpErrorFrame(3, 1, 0, offendingTcp[..12]));
        for (byte code = 0; code <= 4; code++) frames.Add(IcmpErrorFrame(5, code, 0x0A00_00FE, offendingTcp));
        for (byte code = 0; code <= 2; code++) frames.Add(IcmpErrorFrame(11, code, 0, offendingTcp));
        frames.Add(IcmpErrorFrame(11, 0, 0, offendingTcp[..18]));
        DecodeAssert.MatchesTcpdump(frames, expectedLines: frames.Count);
    }
}
