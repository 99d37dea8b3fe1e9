using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// RFC 1071 Internet checksum. Partial sums are 16-bit one's-complement sums of big-endian words, kept unfolded
/// in a <see cref="uint"/> until <see cref="Fold"/>; the value on the wire is the complement of the folded sum.
/// </summary>
/// <remarks>
/// The bulk loop sums 32-bit native-order words into 64-bit lanes (Vector256/Vector128 widening adds). RFC 1071 §2
/// shows the sum is independent of word size (2^16 ≡ 1 mod 0xFFFF) and of byte order up to a final byte swap,
/// so the vector result folds to the same 16-bit value as a big-endian 16-bit scalar loop.
/// </remarks>
public static class InternetChecksum
{
    /// <summary>One's-complement sum of <paramref name="data"/> (treated as starting at an even offset) added to
    /// <paramref name="initial"/>; the result is folded to at most 16 bits.</summary>
    public static uint Sum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        var nativeSum = SumNative(data);
        var folded = Fold(nativeSum);
        if (BitConverter.IsLittleEndian) folded = BinaryPrimitives.ReverseEndianness(folded);
        return Fold((ulong)folded + initial);
    }

    /// <summary>The checksum field value for <paramref name="data"/>: the complement of its folded sum.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, uint initial = 0) => Finish(Sum(data, initial));

    /// <summary>Complements a partial sum into the value written on the wire.</summary>
    public static ushort Finish(uint partialSum) => (ushort)~Fold(partialSum);

    /// <summary>True when <paramref name="data"/> (which includes its checksum field) sums to 0xFFFF.</summary>
    public static bool Verify(ReadOnlySpan<byte> data, uint initial = 0) => Sum(data, initial) == 0xFFFF;

    /// <summary>Folds carries into the low 16 bits (end-around carry).</summary>
    public static ushort Fold(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>Adds two partial sums; <paramref name="second"/> covers bytes starting at
    /// <paramref name="secondOffset"/> of the combined block (an odd offset swaps its bytes, RFC 1071 §2(B)).</summary>
    public static uint Combine(uint first, uint second, int secondOffset = 0)
    {
        var b = Fold(second);
        if ((secondOffset & 1) != 0) b = BinaryPrimitives.ReverseEndianness(b);
        return Fold((ulong)Fold(first) + b);
    }

    /// <summary>Updates a checksum field after one 16-bit word of the covered data changed from
    /// <paramref name="oldWord"/> to <paramref name="newWord"/> (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')).</summary>
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord) =>
        (ushort)~Fold((ulong)(ushort)~checksum + (ushort)~oldWord + newWord);

    /// <summary>The two big-endian 16-bit words of a 32-bit field value, added (an address, a sequence number).</summary>
    public static uint WordSum(uint value) => (value >> 16) + (value & 0xFFFF);

    /// <summary>Sum of the IPv4 pseudo-header (RFC 793 §3.1 / RFC 768) for a transport segment of
    /// <paramref name="length"/> bytes.</summary>
    public static uint PseudoHeaderSum(Ipv4Address source, Ipv4Address destination, byte protocol, int length)
    {
        ulong sum = WordSum(source.Value) + WordSum(destination.Value)
                    + protocol + (uint)(length & 0xFFFF) + ((uint)length >> 16);
        return Fold(sum);
    }

    /// <summary>Unfolded sum of native-order 32-bit words (last partial word zero-padded at the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong SumNative(ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        var offset = 0;
        ulong sum = 0;

        if (Vector256.IsHardwareAccelerated && length >= 64)
        {
            var acc0 = Vector256<ulong>.Zero;
            var acc1 = Vector256<ulong>.Zero;
            for (; offset <= length - 64; offset += 64)
            {
                var v0 = Vector256.LoadUnsafe(ref Unsafe.As<byte, uint>(ref Unsafe.Add(ref start, offset)));
                var v1 = Vector256.LoadUnsafe(ref Unsafe.As<byte, uint>(ref Unsafe.Add(ref start, offset + 32)));
                var (l0, h0) = Vector256.Widen(v0);
                var (l1, h1) = Vector256.Widen(v1);
                acc0 += l0 + h0;
                acc1 += l1 + h1;
            }
            // 64-bit lanes gain at most 2^33 per iteration, so they cannot overflow for any span length.
            sum += Vector256.Sum(acc0 + acc1);
        }
        if (Vector128.IsHardwareAccelerated && length - offset >= 16)
        {
            var acc = Vector128<ulong>.Zero;
            for (; offset <= length - 16; offset += 16)
            {
                var v = Vector128.LoadUnsafe(ref Unsafe.As<byte, uint>(ref Unsafe.Add(ref start, offset)));
                var (lo, hi) = Vector128.Widen(v);
                acc += lo + hi;
            }
            sum += Vector128.Sum(acc);
        }
        for (; offset <= length - 8; offset += 8)
        {
            var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
            sum += (w & 0xFFFF_FFFF) + (w >> 32);
        }
        if (length - offset >= 4)
        {
            sum += Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset));
            offset += 4;
        }
        if (length - offset >= 2)
        {
            sum += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, offset));
            offset += 2;
        }
        if (offset < length)
        {
            // A trailing odd byte is the high-order byte of a zero-padded big-endian word.
            uint last = Unsafe.Add(ref start, offset);
            sum += BitConverter.IsLittleEndian ? last : last << 8;
        }
        return sum;
    }
}
