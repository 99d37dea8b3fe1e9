using System.Buffers.Binary;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// A 128-bit SipHash key as two 64-bit halves. Mirrors <c>siphash_key_t</c> in include/linux/siphash.h, whose
/// <c>key[0]</c>/<c>key[1]</c> are <see cref="K0"/>/<see cref="K1"/>. When the key comes from 16 bytes (as in the
/// reference implementation and in Linux's <c>tcp_fastopen_reset_cipher</c>) each half is read little-endian.
/// </summary>
public readonly record struct SipHashKey(ulong K0, ulong K1)
{
    public const int Length = 16;

    public static SipHashKey Zero => default;

    /// <summary>Reads 16 key bytes: bytes 0..7 little-endian are K0, bytes 8..15 are K1.</summary>
    public static SipHashKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length < Length)
            throw new ArgumentException($"a SipHash key needs {Length} bytes, got {key.Length}", nameof(key));
        return new SipHashKey(BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]));
    }

    /// <summary>Writes the key back as the 16 bytes <see cref="FromBytes"/> reads.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, K0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], K1);
    }

    /// <summary>A key drawn from a seeded generator (Linux draws its secrets once from the kernel RNG).</summary>
    public static SipHashKey FromRandom(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[Length];
        random.NextBytes(bytes);
        return FromBytes(bytes);
    }

    /// <summary>Two keys drawn in order from a generator seeded with <paramref name="seed"/>.</summary>
    public static (SipHashKey First, SipHashKey Second) PairFromSeed(int seed)
    {
        var random = new Random(seed);
        return (FromRandom(random), FromRandom(random));
    }
}
