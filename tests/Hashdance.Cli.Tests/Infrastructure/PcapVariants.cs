using System.Buffers.Binary;

namespace Hashdance.Cli.Tests.Infrastructure;

/// <summary>Re-encodes a little-endian microsecond capture (what <see cref="Hashdance.NicIo.PcapFileWriter"/>
/// writes) in the other byte order and/or with nanosecond timestamps, as other hosts and tools write them.</summary>
internal static class PcapVariants
{
    public static byte[] Convert(byte[] capture, bool bigEndian, bool nanosecond, uint extraNanoseconds = 0)
    {
        var output = new byte[capture.Length];
        var input = capture.AsSpan();
        Write32(output, 0, nanosecond ? 0xA1B23C4Du : 0xA1B2C3D4u, bigEndian);
        Write16(output, 4, BinaryPrimitives.ReadUInt16LittleEndian(input[4..]), bigEndian);
        Write16(output, 6, BinaryPrimitives.ReadUInt16LittleEndian(input[6..]), bigEndian);
        for (var field = 8; field < 24; field += 4) Write32(output, field, BinaryPrimitives.ReadUInt32LittleEndian(input[field..]), bigEndian);
        var offset = 24;
        while (offset < capture.Length)
        {
            var fraction = BinaryPrimitives.ReadUInt32LittleEndian(input[(offset + 4)..]);
            var captured = BinaryPrimitives.ReadUInt32LittleEndian(input[(offset + 8)..]);
            Write32(output, offset, BinaryPrimitives.ReadUInt32LittleEndian(input[offset..]), bigEndian);
            Write32(output, offset + 4, nanosecond ? fraction * 1000 + extraNanoseconds : fraction, bigEndian);
            Write32(output, offset + 8, captured, bigEndian);
            Write32(output, offset + 12, BinaryPrimitives.ReadUInt32LittleEndian(input[(offset + 12)..]), bigEndian);
            input.Slice(offset + 16, (int)captured).CopyTo(output.AsSpan(offset + 16));
            offset += 16 + (int)captured;
        }
        return output;
    }

    private static void Write32(byte[] buffer, int offset, uint value, bool bigEndian)
    {
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), value);
        else BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), value);
    }

    private static void Write16(byte[] buffer, int offset, ushort value, bool bigEndian)
    {
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), value);
        else BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), value);
    }
}
