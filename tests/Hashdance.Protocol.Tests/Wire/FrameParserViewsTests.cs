using CsCheck;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary><see cref="FrameParser.TryParseTcpViews"/> must accept and reject exactly what
/// <see cref="FrameParser.TryParseTcp"/> does, with the same error and the same fields.</summary>
public sealed class FrameParserViewsTests
{
    private static byte[][] Frames()
    {
        var badTcpChecksum = TestFrames.TcpFrame(TcpFlags.Ack, [], [1, 2]);
        badTcpChecksum[^1] ^= 0xFF;
        var badIpChecksum = TestFrames.TcpFrame(TcpFlags.Ack, [], []);
        badIpChecksum[14 + 8] = 1;
        return
        [
            TestFrames.TcpFrame(TcpFlags.Syn, TestFrames.EveryOptionKind, []),
            TestFrames.TcpFrame(TcpFlags.Syn, Convert.FromHexString("020405B40402080A0102030405060708010303FF"), []),
            TestFrames.TcpFrame(TcpFlags.Ack | TcpFlags.Psh, Convert.FromHexString("0101080A0A0B0C0D01020304"), new byte[1460], padding: 0),
            TestFrames.TcpFrame(TcpFlags.Ack, [], [1, 2, 3], padding: 7),
            TestFrames.ArpFrame(1, MacAddress.Zero),
            TestFrames.Ipv4Frame(1, TestFrames.Icmp(8, 0, 1, 1, [])),
            TestFrames.Ipv4Frame(6, TestFrames.TcpSegment(TcpFlags.Ack, [], [9]), flagsAndOffset: 0x2000),
            badTcpChecksum,
            badIpChecksum,
        ];
    }

    private static void AssertSameAsRepr(ReadOnlySpan<byte> frame, in TcpParseSettings settings)
    {
        var reprOk = FrameParser.TryParseTcp(frame, settings, out var ethernet, out var ip, out var tcp, out var payload, out var reprError);
        var viewsOk = FrameParser.TryParseTcpViews(frame, settings, out var ethernetView, out var ipView, out var tcpView, out var options, out var viewsError);
        Assert.Equal(reprOk, viewsOk);
        Assert.Equal(reprError, viewsError);
        if (!viewsOk) return;
        Assert.Equal(ethernet, EthernetRepr.FromFrame(ethernetView));
        Assert.Equal(ip, Ipv4Repr.FromPacket(ipView));
        Assert.Equal(tcp, TcpRepr.FromPacket(tcpView, settings));
        Assert.Equal(tcp.Options, options.ToOptionSet());
        Assert.True(payload == tcpView.Payload, "payload span");
    }

    [Fact]
    public void Known_frames_give_the_same_result_both_ways()
    {
        var accepted = 0;
        foreach (var frame in Frames())
        {
            AssertSameAsRepr(frame, TcpParseSettings.Listener);
            AssertSameAsRepr(frame, TcpParseSettings.ForEstablished(timestampsOk: true, sackOk: true));
            if (FrameParser.TryParseTcpViews(frame, TcpParseSettings.Listener, out _, out _, out _, out _, out _)) accepted++;
        }
        Assert.Equal(4, accepted);
    }

    [Fact]
    public void Views_report_typed_errors()
    {
        var frames = Frames();
        WireError Error(byte[] frame)
        {
            Assert.False(FrameParser.TryParseTcpViews(frame, TcpParseSettings.Listener, out _, out _, out _, out _, out var error));
            return error;
        }
        Assert.Equal(WireError.UnsupportedEtherType, Error(frames[4]));
        Assert.Equal(WireError.UnsupportedProtocol, Error(frames[5]));
        Assert.Equal(WireError.Fragmented, Error(frames[6]));
        Assert.Equal(WireError.BadChecksum, Error(frames[7]));
        Assert.Equal(WireError.BadChecksum, Error(frames[8]));
        Assert.Equal(WireError.Truncated, Error(new byte[13]));
    }

    [Fact]
    public void Views_carry_the_parsed_syn()
    {
        var frame = Frames()[1];
        Assert.True(FrameParser.TryParseTcpViews(frame, TcpParseSettings.Listener, out var ethernet, out var ip, out var tcp, out var options, out _));
        Assert.Equal(TestFrames.ClientMac, ethernet.Source);
        Assert.Equal(TestFrames.ServerIp, ip.Destination);
        Assert.Equal(TcpFlags.Syn, tcp.Flags);
        Assert.Equal(1460, options.Mss);
        Assert.Equal(14, options.WindowScale);
        Assert.True(options.WindowScaleClamped);
        Assert.Equal(0x01020304u, options.TsVal);
        Assert.Equal(0, tcp.Payload.Length);
    }

    [Fact]
    public void Bit_flipped_and_cut_frames_give_the_same_result_both_ways()
    {
        var frames = Frames();
        Gen.Select(Gen.Int[0, frames.Length - 1], Gen.Int[0, 1 << 20].Array[0, 4], Gen.Int[0, 60], Gen.Bool)
            .Sample((which, flips, cut, established) =>
            {
                var frame = (byte[])frames[which].Clone();
                foreach (var flip in flips) frame[flip / 8 % frame.Length] ^= (byte)(1 << (flip % 8));
                var settings = established ? TcpParseSettings.ForEstablished(true, true) : TcpParseSettings.Listener;
                AssertSameAsRepr(frame, settings);
                AssertSameAsRepr(frame.AsSpan(0, Math.Max(0, frame.Length - cut)), settings);
            }, iter: 5000, seed: "0VwS8pR2kD4e");
    }
}
