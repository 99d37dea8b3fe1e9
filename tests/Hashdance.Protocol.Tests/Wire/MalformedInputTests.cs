using CsCheck;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>Arbitrary and mutated bytes never make a parser throw or read out of range.</summary>
public sealed class MalformedInputTests
{
    /// <summary>Runs every parser over <paramref name="bytes"/> as a frame and as each inner layer, touching every
    /// getter of each view that parsed. Returns how many layers parsed (so the call cannot be optimised away).</summary>
    internal static int ParseEverything(ReadOnlySpan<byte> bytes)
    {
        var parsedLayers = 0;
        if (EthernetFrame.TryParse(bytes, out var ethernet, out _))
        {
            parsedLayers++;
            _ = EthernetRepr.FromFrame(ethernet);
            parsedLayers += ParseNetworkLayer(ethernet.EtherType, ethernet.Payload);
        }
        parsedLayers += ParseNetworkLayer(EtherType.Ipv4, bytes);
        parsedLayers += ParseNetworkLayer(EtherType.Arp, bytes);
        parsedLayers += ParseTransport(IpProtocol.Tcp, bytes, default, default);
        parsedLayers += ParseTransport(IpProtocol.Icmp, bytes, default, default);
        return parsedLayers;
    }

    private static int ParseNetworkLayer(EtherType type, ReadOnlySpan<byte> payload)
    {
        var parsed = 0;
        if (type == EtherType.Arp)
        {
            if (ArpPacket.TryParse(payload, out var arp, out _))
            {
                parsed++;
                _ = (arp.HardwareType, arp.ProtocolType, arp.Operation, arp.SenderHardwareAddress, arp.SenderProtocolAddress, arp.TargetHardwareAddress, arp.TargetProtocolAddress);
            }
            if (ArpRepr.TryParse(payload, out _, out _)) parsed++;
            return parsed;
        }
        if (Ipv4Packet.TryParse(payload, out var ip, out _))
        {
            parsed++;
            _ = (ip.Version, ip.Tos, ip.Dscp, ip.Ecn, ip.Identification, ip.DontFragment, ip.MoreFragments, ip.FragmentOffset, ip.Ttl, ip.HeaderChecksum, ip.Options.Length);
            _ = ip.VerifyChecksum();
            parsed += ParseTransport(ip.Protocol, ip.Payload, ip.Source, ip.Destination);
        }
        if (Ipv4Repr.TryParse(payload, out _, out _)) parsed++;
        if (Ipv4Packet.TryParseQuoted(payload, out var quoted, out _)) parsed += quoted.Payload.Length >= 0 ? 1 : 0;
        return parsed;
    }

    private static int ParseTransport(IpProtocol protocol, ReadOnlySpan<byte> payload, Ipv4Address src, Ipv4Address dst)
    {
        var parsed = 0;
        if (protocol == IpProtocol.Icmp)
        {
            if (IcmpV4Packet.TryParse(payload, out var icmp, out _))
            {
                parsed++;
                _ = (icmp.Type, icmp.Code, icmp.Checksum, icmp.Identifier, icmp.SequenceNumber, icmp.NextHopMtu, icmp.Data.Length, icmp.VerifyChecksum());
            }
            if (IcmpV4Repr.TryParse(payload, out _, out _)) parsed++;
            return parsed;
        }
        if (TcpPacket.TryParse(payload, out var tcp, out _))
        {
            parsed++;
            _ = (tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber, tcp.AckNumber, tcp.Flags, tcp.Window, tcp.Checksum, tcp.UrgentPointer, tcp.SegmentLength);
            _ = tcp.VerifyChecksum(src, dst);
            foreach (var settings in new[] { TcpParseSettings.Listener, TcpParseSettings.ForEstablished(true, true) })
            {
                _ = TcpOptions.Parse(tcp.Options, true, settings);
                _ = TcpOptions.Parse(tcp.Options, false, settings);
                _ = TcpRepr.FromPacket(tcp, settings);
            }
            foreach (var option in new TcpOptionReader(tcp.Options)) parsed += option.Data.Length >= 0 ? 0 : 1;
        }
        if (TcpRepr.TryParse(payload, src, dst, TcpParseSettings.Listener, out _, out _)) parsed++;
        // Treat the raw bytes as an options area too: the walk must stay inside any span.
        _ = TcpOptions.Parse(payload, true, TcpParseSettings.Listener);
        return parsed;
    }

    [Fact]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 200].Sample(bytes => { ParseEverything(bytes); }, iter: 5000, seed: "0GmH1s0Vq2x1");

    [Fact]
    public void Plausible_headers_with_random_tails_never_throw()
    {
        // Random bytes rarely pass the version/length checks; seed the first bytes so deeper code runs.
        Gen.Select(Gen.Byte.Array[0, 120], Gen.Byte[0x40, 0x4F], Gen.UShort[0, 140], Gen.Byte[0, 0xFF]).Sample((tail, versionIhl, totalLength, doff) =>
        {
            var bytes = new byte[Math.Max(tail.Length, 34)];
            tail.CopyTo(bytes, 0);
            bytes[0] = versionIhl;
            bytes[2] = (byte)(totalLength >> 8);
            bytes[3] = (byte)totalLength;
            bytes[6] = 0;
            bytes[7] = 0;
            bytes[9] = (byte)(doff & 1) == 0 ? (byte)6 : (byte)1;
            var ihl = (versionIhl & 0xF) * 4;
            if (ihl + 12 < bytes.Length) bytes[ihl + 12] = doff;
            ParseEverything(bytes);
        }, iter: 5000, seed: "0HpX2c7Lq1t2");
    }

    private static byte[][] ValidFrames()
    {
        var frames = new List<byte[]>
        {
            TestFrames.TcpFrame(TcpFlags.Syn, TestFrames.EveryOptionKind, []),
            TestFrames.TcpFrame(TcpFlags.Ack, Convert.FromHexString("0101080A00000005000000040101050A0000100000002000"), new byte[40]),
            TestFrames.ArpFrame(1, MacAddress.Zero),
            TestFrames.Ipv4Frame(1, TestFrames.Icmp(8, 0, 1, 2, new byte[16])),
        };
        var quoted = TestFrames.TcpFrame(TcpFlags.Ack, [], new byte[10]).AsSpan(14, 28).ToArray();
        frames.Add(TestFrames.Ipv4Frame(1, TestFrames.Icmp(3, 4, 0, 1400, quoted)));
        return frames.ToArray();
    }

    [Fact]
    public void Bit_flipped_valid_frames_never_throw()
    {
        var frames = ValidFrames();
        foreach (var frame in frames) Assert.True(ParseEverything(frame) >= 3);
        Gen.Select(Gen.Int[0, frames.Length - 1], Gen.Int[0, 1 << 20].Array[1, 6], Gen.Int[0, 60]).Sample((which, flips, cut) =>
        {
            var frame = (byte[])frames[which].Clone();
            foreach (var flip in flips) frame[flip / 8 % frame.Length] ^= (byte)(1 << (flip % 8));
            ParseEverything(frame);
            ParseEverything(frame.AsSpan(0, Math.Max(0, frame.Length - cut)));
        }, iter: 5000, seed: "0JqV9hL1w2s3");
    }

    [Fact]
    public void Every_truncation_of_valid_frames_is_a_typed_error_or_a_parse()
    {
        foreach (var frame in ValidFrames())
        {
            for (var length = 0; length <= frame.Length; length++)
                ParseEverything(frame.AsSpan(0, length));
            if (frame[12] != 0x08 || frame[13] != 0x00) continue;
            // Cutting into the IPv4 packet (not just padding) is reported as a bad total length.
            Assert.False(Ipv4Packet.TryParse(frame.AsSpan(14, frame.Length - 15), out _, out var error));
            Assert.Equal(WireError.BadTotalLength, error);
        }
    }
}
