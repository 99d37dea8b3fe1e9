using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

public sealed class InternetChecksumTests
{
    /// <summary>Straightforward RFC 1071 loop over big-endian 16-bit words: the reference the vector code must match.</summary>
    internal static ushort ReferenceSum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    [Fact]
    public void Rfc1071_example_sums_to_ddf2()
    {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2.
        byte[] data = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7];
        Assert.Equal(0xDDF2u, InternetChecksum.Sum(data));
        Assert.Equal((ushort)0x220D, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Known_ipv4_header_checksum()
    {
        // Classic worked example: 45 00 00 73 00 00 40 00 40 11 [b8 61] c0 a8 00 01 c0 a8 00 c7.
        byte[] header = [0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7];
        Assert.Equal((ushort)0xB861, InternetChecksum.Compute(header));
        header[10] = 0xB8;
        header[11] = 0x61;
        Assert.True(InternetChecksum.Verify(header));
    }

    [Theory]
    [InlineData(1, 0xFF00u)]
    [InlineData(2, 0xFFFFu)]
    [InlineData(3, 0xFF00u)]
    [InlineData(64, 0xFFFFu)]
    [InlineData(65, 0xFF00u)]
    [InlineData(1460, 0xFFFFu)]
    [InlineData(1461, 0xFF00u)]
    public void All_ones_data(int length, uint expected)
    {
        var data = new byte[length];
        Array.Fill(data, (byte)0xFF);
        // Every full word is 0xFFFF (negative zero); an odd trailing 0xFF adds 0xFF00, and 0xFFFF + 0xFF00 folds to 0xFF00.
        Assert.Equal(expected, InternetChecksum.Sum(data));
        Assert.Equal(ReferenceSum(data), InternetChecksum.Sum(data));
    }

    [Fact]
    public void Odd_length_pads_the_last_byte_as_high_order()
    {
        byte[] data = [0x12, 0x34, 0x56];
        Assert.Equal(0x1234u + 0x5600u, InternetChecksum.Sum(data));
        Assert.Equal(0u, InternetChecksum.Sum([]));
    }

    [Fact]
    public void Vectorised_sum_matches_reference_for_every_length_up_to_2000()
    {
        var random = new Random(1071);
        var buffer = new byte[2003];
        for (var length = 0; length <= 2000; length++)
        {
            random.NextBytes(buffer);
            for (var misalign = 0; misalign < 3; misalign += 2)
            {
                var data = buffer.AsSpan(misalign, length);
                Assert.Equal(ReferenceSum(data), (ushort)InternetChecksum.Sum(data));
            }
        }
    }

    [Fact]
    public void Vectorised_sum_handles_carry_heavy_data()
    {
        var data = new byte[1 << 17];
        Array.Fill(data, (byte)0xFE);
        Assert.Equal(ReferenceSum(data), (ushort)InternetChecksum.Sum(data));
    }

    [Fact]
    public void Sums_spanning_several_lane_chunks_match_the_reference()
    {
        // Long spans, all-ones words (the worst case for lane growth) and odd tails and starts: the vector
        // accumulators must not overflow and the remainder loops must pick up where they stop.
        var random = new Random(4096);
        foreach (var length in new[] { (1 << 17) - 1, 1 << 17, (1 << 17) + 129, 300_001, 1 << 20 })
        {
            var ones = new byte[length];
            Array.Fill(ones, (byte)0xFF);
            Assert.Equal(ReferenceSum(ones), (ushort)InternetChecksum.Sum(ones));
            var noise = new byte[length];
            random.NextBytes(noise);
            Assert.Equal(ReferenceSum(noise), (ushort)InternetChecksum.Sum(noise));
            Assert.Equal(ReferenceSum(noise.AsSpan(1)), (ushort)InternetChecksum.Sum(noise.AsSpan(1)));
        }
    }

    [Fact]
    public void Combining_partial_sums_at_even_and_odd_offsets_equals_the_whole()
    {
        var random = new Random(7);
        var data = new byte[777];
        random.NextBytes(data);
        var whole = InternetChecksum.Sum(data);
        foreach (var split in new[] { 0, 1, 2, 333, 334, 776, 777 })
        {
            var first = InternetChecksum.Sum(data.AsSpan(0, split));
            var second = InternetChecksum.Sum(data.AsSpan(split));
            Assert.Equal(whole, InternetChecksum.Combine(first, second, split));
        }
    }

    [Fact]
    public void Initial_value_is_added_like_a_leading_block()
    {
        byte[] data = [0xAB, 0xCD, 0xEF];
        var initial = InternetChecksum.Sum([0x01, 0x02, 0x03, 0x04]);
        Assert.Equal(InternetChecksum.Sum([0x01, 0x02, 0x03, 0x04, 0xAB, 0xCD, 0xEF]), InternetChecksum.Sum(data, initial));
    }

    [Fact]
    public void Pseudo_header_sum_matches_bytes_of_the_pseudo_header()
    {
        var src = Ipv4Address.Parse("192.0.2.1");
        var dst = Ipv4Address.Parse("198.51.100.200");
        byte[] pseudo = [192, 0, 2, 1, 198, 51, 100, 200, 0, 6, 0x05, 0xDC];
        Assert.Equal(InternetChecksum.Sum(pseudo), InternetChecksum.PseudoHeaderSum(src, dst, 6, 1500));
    }

    [Fact]
    public void Fold_and_finish()
    {
        Assert.Equal((ushort)0x0001, InternetChecksum.Fold(0x1_0000));
        Assert.Equal((ushort)0xFFFF, InternetChecksum.Fold(0xFFFF_FFFF_FFFF_FFFFUL));
        Assert.Equal((ushort)0x0000, InternetChecksum.Finish(0xFFFF));
        Assert.Equal((ushort)0xEDCB, InternetChecksum.Finish(0x1234));
    }

    [Fact]
    public void Incremental_update_matches_recomputation()
    {
        var random = new Random(1624);
        var data = new byte[60];
        for (var i = 0; i < 1000; i++)
        {
            random.NextBytes(data);
            var before = InternetChecksum.Compute(data);
            var at = random.Next(30) * 2;
            var oldWord = (ushort)(data[at] << 8 | data[at + 1]);
            var newWord = (ushort)random.Next(65536);
            data[at] = (byte)(newWord >> 8);
            data[at + 1] = (byte)newWord;
            var recomputed = InternetChecksum.Compute(data);
            var updated = InternetChecksum.Update(before, oldWord, newWord);
            // RFC 1624: both forms are equal as one's-complement values (0x0000 and 0xFFFF both mean zero).
            Assert.Equal(recomputed == 0xFFFF ? 0 : recomputed, updated == 0xFFFF ? 0 : updated);
        }
    }
}
