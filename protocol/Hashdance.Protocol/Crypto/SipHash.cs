using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// SipHash-2-4 with a 64-bit result, bit-for-bit as Linux computes it in lib/siphash.c and the inline helpers of
/// include/linux/siphash.h. The word helpers (<c>siphash_1u32</c> ... <c>siphash_4u64</c>) hash the words as if they
/// were laid out little-endian in memory, which is why e.g. <c>siphash_2u32(a, b)</c> equals <c>siphash_1u64(b:a)</c>.
/// Nothing here allocates.
/// </summary>
public static class SipHash
{
    // The "somepseudorandomlygeneratedbytes" constants of the SipHash paper.
    private const ulong InitV0 = 0x736f6d6570736575UL;
    private const ulong InitV1 = 0x646f72616e646f6dUL;
    private const ulong InitV2 = 0x6c7967656e657261UL;
    private const ulong InitV3 = 0x7465646279746573UL;

    /// <summary>The general byte form. Mirrors <c>siphash()</c> / <c>__siphash_unaligned</c> in lib/siphash.c.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, in SipHashKey key)
    {
        var s = new State(key);
        var whole = data.Length & ~7;
        for (var i = 0; i < whole; i += 8)
            s.Compress(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        // The tail (0..7 bytes) goes little-endian into the low bytes of the final block; the top byte is the length.
        ulong last = (ulong)data.Length << 56;
        var tail = data[whole..];
        for (var i = 0; i < tail.Length; i++)
            last |= (ulong)tail[i] << (8 * i);
        return s.Finish(last);
    }

    /// <summary>Mirrors <c>siphash_1u64</c> (lib/siphash.c).</summary>
    public static ulong Hash1U64(ulong first, in SipHashKey key)
    {
        var s = new State(key);
        s.Compress(first);
        return s.Finish(8UL << 56);
    }

    /// <summary>Mirrors <c>siphash_2u64</c> (lib/siphash.c).</summary>
    public static ulong Hash2U64(ulong first, ulong second, in SipHashKey key)
    {
        var s = new State(key);
        s.Compress(first);
        s.Compress(second);
        return s.Finish(16UL << 56);
    }

    /// <summary>Mirrors <c>siphash_3u64</c> (lib/siphash.c).</summary>
    public static ulong Hash3U64(ulong first, ulong second, ulong third, in SipHashKey key)
    {
        var s = new State(key);
        s.Compress(first);
        s.Compress(second);
        s.Compress(third);
        return s.Finish(24UL << 56);
    }

    /// <summary>Mirrors <c>siphash_4u64</c> (lib/siphash.c).</summary>
    public static ulong Hash4U64(ulong first, ulong second, ulong third, ulong fourth, in SipHashKey key)
    {
        var s = new State(key);
        s.Compress(first);
        s.Compress(second);
        s.Compress(third);
        s.Compress(fourth);
        return s.Finish(32UL << 56);
    }

    /// <summary>Mirrors <c>siphash_1u32</c> (lib/siphash.c): a 4-byte message, all in the final block.</summary>
    public static ulong Hash1U32(uint first, in SipHashKey key) => new State(key).Finish((4UL << 56) | first);

    /// <summary>Mirrors the inline <c>siphash_2u32</c> (include/linux/siphash.h) = <c>siphash_1u64(b &lt;&lt; 32 | a)</c>.</summary>
    public static ulong Hash2U32(uint first, uint second, in SipHashKey key) => Hash1U64(Pair(first, second), key);

    /// <summary>Mirrors <c>siphash_3u32</c> (lib/siphash.c): a 12-byte message, the third word in the final block.</summary>
    public static ulong Hash3U32(uint first, uint second, uint third, in SipHashKey key)
    {
        var s = new State(key);
        s.Compress(Pair(first, second));
        return s.Finish((12UL << 56) | third);
    }

    /// <summary>Mirrors the inline <c>siphash_4u32</c> (include/linux/siphash.h) = <c>siphash_2u64(b:a, d:c)</c>.</summary>
    public static ulong Hash4U32(uint first, uint second, uint third, uint fourth, in SipHashKey key) =>
        Hash2U64(Pair(first, second), Pair(third, fourth), key);

    private static ulong Pair(uint low, uint high) => ((ulong)high << 32) | low;

    /// <summary>The four-word SipHash state; PREAMBLE/SIPROUND/POSTAMBLE of lib/siphash.c.</summary>
    private struct State
    {
        private ulong _v0, _v1, _v2, _v3;

        public State(in SipHashKey key)
        {
            _v0 = InitV0 ^ key.K0;
            _v1 = InitV1 ^ key.K1;
            _v2 = InitV2 ^ key.K0;
            _v3 = InitV3 ^ key.K1;
        }

        /// <summary>One message block with the two compression rounds of SipHash-2-4.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compress(ulong m)
        {
            _v3 ^= m;
            Round();
            Round();
            _v0 ^= m;
        }

        /// <summary>The final (length-tagged) block, then the four finalisation rounds.</summary>
        public ulong Finish(ulong lastBlock)
        {
            Compress(lastBlock);
            _v2 ^= 0xff;
            Round();
            Round();
            Round();
            Round();
            return _v0 ^ _v1 ^ _v2 ^ _v3;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Round()
        {
            _v0 += _v1; _v1 = BitOperations.RotateLeft(_v1, 13); _v1 ^= _v0; _v0 = BitOperations.RotateLeft(_v0, 32);
            _v2 += _v3; _v3 = BitOperations.RotateLeft(_v3, 16); _v3 ^= _v2;
            _v0 += _v3; _v3 = BitOperations.RotateLeft(_v3, 21); _v3 ^= _v0;
            _v2 += _v1; _v1 = BitOperations.RotateLeft(_v1, 17); _v1 ^= _v2; _v2 = BitOperations.RotateLeft(_v2, 32);
        }
    }
}
