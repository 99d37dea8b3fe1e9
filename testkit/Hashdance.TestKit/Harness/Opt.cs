using System.Buffers.Binary;

namespace Hashdance.TestKit;

/// <summary>
/// TCP option bytes as they appear on the wire, for byte-exact comparisons of layout and order, e.g.
/// <c>[.. Opt.Mss(1460), .. Opt.SackPermitted, .. Opt.Timestamps(v, e), .. Opt.Nop, .. Opt.WindowScale(10)]</c>.
/// </summary>
public static class Opt
{
    public static byte[] Nop => [1];

    public static byte[] SackPermitted => [4, 2];

    public static byte[] Mss(ushort mss)
    {
        var bytes = new byte[] { 2, 4, 0, 0 };
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), mss);
        return bytes;
    }

    public static byte[] WindowScale(byte shift) => [3, 3, shift];

    public static byte[] Timestamps(uint value, uint echoReply)
    {
        var bytes = new byte[10];
        bytes[0] = 8;
        bytes[1] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), value);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(6), echoReply);
        return bytes;
    }
}
