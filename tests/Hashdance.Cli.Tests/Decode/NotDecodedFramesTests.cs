using Hashdance.Cli.Tests.Infrastructure;
using Hashdance.Protocol.Wire;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>
/// Frames hashdance does not decode (tcpdump would hand them to a printer hashdance lacks, or the stack's ARP parser
/// rejects them) print one line naming the frame and why, and the frames after them still print.
/// </summary>
public sealed class NotDecodedFramesTests
{
    [Fact]
    public void EachRejectedFrameGetsOneLineWithItsNumberTimestampAndReason()
    {
        using var capture = CaptureFile.Write(
        [
            TcpFrame(Syn),
            Ethernet(0x0026, new byte[46]),
            Ethernet(0x88CC, new byte[46]),
            Ethernet(0x0806, Arp(1, ClientMac, ClientIp, MacAddress.Zero, ServerIp, hardwareType: 6)),
            Ethernet(0x0800, Ipv4(47, new byte[8])),
            Ethernet(0x0800, Ipv4(17, Udp(40000, 53, new byte[12]))),
            Ethernet(0x86DD, Ipv6(58, Icmp(130, 0, 0, new byte[16]))),
            Ethernet(0x86DD, Ipv6(0, new byte[8])),
            TcpFrame(Fin | Ack),
        ]);
        var result = CliRunner.Run("decode", capture.Path);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StdErr);
        Assert.Equal(
        [
            "1700000000.001000 IP 192.0.2.1.40000 > 192.168.0.1.5001: Flags [S], seq 1000000000, win 64240, length 0",
            "1700000000.002000 frame 2 not decoded: IEEE 802.3 frame with length field 38 (LLC is not decoded)",
            "1700000000.003000 frame 3 not decoded: EtherType 0x88cc (LLDP) is not decoded",
            "1700000000.004000 frame 4 not decoded: ARP for hardware type 6, protocol type 0x0800, address lengths 6/4 is not decoded (BadArpFormat)",
            "1700000000.005000 frame 5 not decoded: IPv4 192.0.2.1 > 192.168.0.1 protocol 47 is not decoded",
            "1700000000.006000 frame 6 not decoded: UDP 192.0.2.1.40000 > 192.168.0.1.53: length 12: tcpdump decodes this port's payload, hashdance does not",
            "1700000000.007000 frame 7 not decoded: ICMPv6 multicast listener query from 2001:db8::1 to 2001:db8::2 is not decoded",
            "1700000000.008000 frame 8 not decoded: IPv6 2001:db8::1 > 2001:db8::2 with extension header 0 is not decoded",
            "1700000000.009000 IP 192.0.2.1.40000 > 192.168.0.1.5001: Flags [F.], seq 1000000000, ack 2000000000, win 64240, length 0",
        ], result.OutputLines);
    }

    [TcpdumpFact]
    public void FramesAroundARejectedOneStillMatchTcpdump()
    {
        using var capture = CaptureFile.Write([TcpFrame(Syn), Ethernet(0x88CC, new byte[46]), TcpFrame(Rst)]);
        var reference = Tcpdump.Decode(capture.Path);
        var ours = CliRunner.Run("decode", capture.Path).OutputLines;
        Assert.Equal(3, ours.Count);
        Assert.Equal(reference[0], ours[0]);
        Assert.StartsWith("1700000000.002000 frame 2 not decoded: ", ours[1]);
        Assert.Equal(reference[^1], ours[2]);
    }
}
