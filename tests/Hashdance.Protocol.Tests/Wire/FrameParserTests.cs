using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

public sealed class FrameParserTests
{
    [Fact]
    public void Parses_a_tcp_frame_down_to_its_payload_ignoring_padding()
    {
        var frame = TestFrames.TcpFrame(TcpFlags.Ack | TcpFlags.Psh, [], [1, 2, 3], padding: 7);
        Assert.True(FrameParser.TryParseTcp(frame, TcpParseSettings.ForEstablished(false, false), out var ethernet, out var ip, out var tcp, out var payload, out var error), error.ToString());
        Assert.Equal(TestFrames.ClientMac, ethernet.Source);
        Assert.Equal(TestFrames.ClientIp, ip.Source);
        Assert.Equal(0x1234, ip.Identification);
        Assert.True(ip.DontFragment);
        Assert.Equal(2, ip.Tos);
        Assert.Equal(40000, tcp.SourcePort);
        Assert.Equal(new byte[] { 1, 2, 3 }, payload.ToArray());
    }

    [Fact]
    public void Reports_typed_errors()
    {
        Assert.False(FrameParser.TryParseIpv4(TestFrames.ArpFrame(1, MacAddress.Zero), out _, out _, out _, out var error));
        Assert.Equal(WireError.UnsupportedEtherType, error);

        var icmp = TestFrames.Ipv4Frame(1, TestFrames.Icmp(8, 0, 1, 1, []));
        Assert.False(FrameParser.TryParseTcp(icmp, TcpParseSettings.Listener, out _, out _, out _, out _, out error));
        Assert.Equal(WireError.UnsupportedProtocol, error);

        var fragment = TestFrames.Ipv4Frame(6, TestFrames.TcpSegment(TcpFlags.Ack, [], [9]), flagsAndOffset: 0x2000);
        Assert.False(FrameParser.TryParseTcp(fragment, TcpParseSettings.Listener, out _, out _, out _, out _, out error));
        Assert.Equal(WireError.Fragmented, error);
        var laterFragment = TestFrames.Ipv4Frame(6, TestFrames.TcpSegment(TcpFlags.Ack, [], [9]), flagsAndOffset: 0x0010);
        Assert.False(FrameParser.TryParseIpv4(laterFragment, out _, out _, out _, out error));
        Assert.Equal(WireError.Fragmented, error);

        var badTcpChecksum = TestFrames.TcpFrame(TcpFlags.Ack, [], [1, 2]);
        badTcpChecksum[^1] ^= 0xFF;
        Assert.False(FrameParser.TryParseTcp(badTcpChecksum, TcpParseSettings.Listener, out _, out _, out _, out _, out error));
        Assert.Equal(WireError.BadChecksum, error);

        var badIpChecksum = TestFrames.TcpFrame(TcpFlags.Ack, [], []);
        badIpChecksum[14 + 8] = 1;
        Assert.False(FrameParser.TryParseIpv4(badIpChecksum, out _, out _, out _, out error));
        Assert.Equal(WireError.BadChecksum, error);

        var badDataOffset = TestFrames.TcpFrame(TcpFlags.Ack, [], []);
        badDataOffset[34 + 12] = 0x40;
        Assert.False(TcpPacket.TryParse(badDataOffset.AsSpan(34), out _, out error));
        Assert.Equal(WireError.BadDataOffset, error);
        badDataOffset[34 + 12] = 0xF0;
        Assert.False(TcpPacket.TryParse(badDataOffset.AsSpan(34), out _, out error));
        Assert.Equal(WireError.Truncated, error);
    }

    [Fact]
    public void Ipv4_header_errors_are_typed()
    {
        var frame = TestFrames.TcpFrame(TcpFlags.Ack, [], []);
        var ip = frame.AsSpan(14).ToArray();
        Assert.False(Ipv4Packet.TryParse(ip.AsSpan(0, 19), out _, out var error));
        Assert.Equal(WireError.Truncated, error);
        var v6 = (byte[])ip.Clone();
        v6[0] = 0x65;
        Assert.False(Ipv4Packet.TryParse(v6, out _, out error));
        Assert.Equal(WireError.BadVersion, error);
        var shortIhl = (byte[])ip.Clone();
        shortIhl[0] = 0x44;
        Assert.False(Ipv4Packet.TryParse(shortIhl, out _, out error));
        Assert.Equal(WireError.BadHeaderLength, error);
        var longIhl = (byte[])ip.Clone();
        longIhl[0] = 0x4F;
        Assert.False(Ipv4Packet.TryParse(longIhl, out _, out error));
        Assert.Equal(WireError.Truncated, error);
        var tooLong = (byte[])ip.Clone();
        tooLong[3] = 41;
        Assert.False(Ipv4Packet.TryParse(tooLong, out _, out error));
        Assert.Equal(WireError.BadTotalLength, error);
        var belowHeader = (byte[])ip.Clone();
        belowHeader[3] = 19;
        Assert.False(Ipv4Packet.TryParse(belowHeader, out _, out error));
        Assert.Equal(WireError.BadTotalLength, error);
    }

    [Fact]
    public void Ipv4_options_are_accepted_and_reported()
    {
        var tcp = TestFrames.TcpSegment(TcpFlags.Ack, [], []);
        var packet = new byte[24 + tcp.Length];
        new Ipv4Repr { Source = TestFrames.ClientIp, Destination = TestFrames.ServerIp, Protocol = IpProtocol.Tcp, Ttl = 1, PayloadLength = tcp.Length + 4 }.Emit(packet);
        packet[0] = 0x46;
        packet[20] = 1; packet[21] = 1; packet[22] = 1; packet[23] = 0; // NOP NOP NOP EOL
        tcp.CopyTo(packet, 24);
        packet[10] = 0;
        packet[11] = 0;
        var checksum = InternetChecksum.Compute(packet.AsSpan(0, 24));
        packet[10] = (byte)(checksum >> 8);
        packet[11] = (byte)checksum;
        Assert.True(Ipv4Repr.TryParse(packet, out var repr, out var error), error.ToString());
        Assert.Equal(4, repr.OptionsLength);
        Assert.Equal(tcp.Length, repr.PayloadLength);
        Assert.True(Ipv4Packet.TryParse(packet, out var view, out _));
        Assert.Equal(new byte[] { 1, 1, 1, 0 }, view.Options.ToArray());
        Assert.Equal(tcp, view.Payload.ToArray());
    }
}
