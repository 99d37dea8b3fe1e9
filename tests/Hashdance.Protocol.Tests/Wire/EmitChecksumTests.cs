using CsCheck;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>The emit paths sum checksums from field values and the source payload rather than from the bytes
/// written; the result must equal the checksum computed over those bytes.</summary>
public sealed class EmitChecksumTests
{
    private static ushort ChecksumOfWritten(Span<byte> bytes, int checksumOffset, uint initial = 0)
    {
        var copy = bytes.ToArray();
        copy[checksumOffset] = 0;
        copy[checksumOffset + 1] = 0;
        return InternetChecksum.Compute(copy, initial);
    }

    [Fact]
    public void Ipv4_header_checksum_equals_the_sum_over_its_bytes() =>
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Byte, Gen.Int[0, 65515], Gen.Byte, Gen.Byte, Gen.UShort, Gen.Bool)
            .Sample((src, dst, protocol, length, ttl, tos, id, df) =>
            {
                var repr = new Ipv4Repr
                {
                    Source = new Ipv4Address(src), Destination = new Ipv4Address(dst), Protocol = (IpProtocol)protocol,
                    PayloadLength = length, Ttl = ttl, Tos = tos, Identification = id, DontFragment = df,
                };
                var header = new byte[20];
                repr.Emit(header);
                Assert.Equal(ChecksumOfWritten(header, 10), (ushort)(header[10] << 8 | header[11]));
                Assert.True(InternetChecksum.Verify(header));
            }, iter: 2000, seed: "0Ip4CkSm1a2b");

    [Fact]
    public void A_known_ipv4_header_has_the_known_checksum()
    {
        // 45 00 00 3c 00 00 40 00 40 06 ? ? c0 00 02 0a c6 33 64 14; checksum by hand: 0x4500 + 0x003c + 0x4000
        // + 0x4006 + 0xc000 + 0x020a + 0xc633 + 0x6414 = 0x2_B193 → 0xB195 → complement 0x4E6A.
        var repr = new Ipv4Repr
        {
            Source = TestFrames.ClientIp, Destination = TestFrames.ServerIp, Protocol = IpProtocol.Tcp,
            PayloadLength = 40, Ttl = 64, DontFragment = true,
        };
        var header = new byte[20];
        repr.Emit(header);
        Assert.Equal(Convert.FromHexString("4500003C0000400040064E6AC000020AC6336414"), header);
    }

    [Fact]
    public void Tcp_checksum_equals_the_sum_over_the_segment_for_any_payload_placement() =>
        Gen.Select(PacketDotNetDifferentialTests.GenTcp, Gen.Byte.Array[0, 1461], Gen.Int[-3, 3])
            .Sample((tcp, payload, shift) =>
            {
                var segment = new byte[1600];
                var headerLength = tcp.HeaderLength;
                // shift 0: the payload already lies at its final place; otherwise it overlaps it, shifted.
                var payloadStart = headerLength + shift;
                payload.CopyTo(segment, payloadStart);
                var source = segment.AsSpan(payloadStart, payload.Length);
                var length = tcp.Emit(segment, TestFrames.ClientIp, TestFrames.ServerIp, source);
                Assert.Equal(headerLength + payload.Length, length);
                Assert.Equal(payload, segment.AsSpan(headerLength, payload.Length).ToArray());
                var pseudo = InternetChecksum.PseudoHeaderSum(TestFrames.ClientIp, TestFrames.ServerIp, (byte)IpProtocol.Tcp, length);
                Assert.Equal(ChecksumOfWritten(segment.AsSpan(0, length), 16, pseudo), (ushort)(segment[16] << 8 | segment[17]));
                Assert.True(TcpPacket.TryParse(segment.AsSpan(0, length), out var view, out _));
                Assert.True(view.VerifyChecksum(TestFrames.ClientIp, TestFrames.ServerIp));
            }, iter: 1000, seed: "0TcpCk5mPl4c");
}
