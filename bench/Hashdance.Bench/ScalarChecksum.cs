namespace Hashdance.Bench;

/// <summary>The textbook RFC 1071 §4.1 loop: big-endian 16-bit words added one at a time, carries folded at the
/// end. The baseline the vectorised <c>InternetChecksum</c> is measured against, and an independent check of it.</summary>
internal static class ScalarChecksum
{
    public static ushort Compute(ReadOnlySpan<byte> data, uint initial = 0)
    {
        ulong sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
