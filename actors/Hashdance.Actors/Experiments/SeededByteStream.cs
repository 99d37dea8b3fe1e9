using System.Buffers.Binary;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// A reproducible pseudo-random byte stream (SplitMix64, eight bytes per step) for the transfer experiment's data.
/// A seeded <see cref="Random"/> runs .NET's legacy compatible generator, a byte at a time: filling 10 MB with it
/// took more time than carrying the bytes through both stacks.
/// </summary>
public sealed class SeededByteStream(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public void Fill(Span<byte> destination)
    {
        while (destination.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, Next());
            destination = destination[8..];
        }
        if (destination.IsEmpty) return;
        Span<byte> last = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(last, Next());
        last[..destination.Length].CopyTo(destination);
    }

    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
