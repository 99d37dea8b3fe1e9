using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>Hand-built frames for tests, written byte by byte (not through the code under test) so that the
/// parsers are checked against an independent construction. Checksums use the scalar reference sum.</summary>
internal static class TestFrames
{
    public static readonly MacAddress ClientMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:00:02");
    public static readonly Ipv4Address ClientIp = Ipv4Address.Parse("192.0.2.10");
    public static readonly Ipv4Address ServerIp = Ipv4Address.Parse("198.51.100.20");

    private static ushort ReferenceChecksum(ReadOnlySpan<byte> data, uint initial)
    {
        ulong sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    private static uint PseudoSum(Ipv4Address src, Ipv4Address dst, byte protocol, int length) =>
        (src.Value >> 16) + (src.Value & 0xFFFF) + (dst.Value >> 16) + (dst.Value & 0xFFFF) + protocol + (uint)length;

    /// <summary>Ethernet + IPv4 (ID 0x1234, DF, TTL 64, TOS 0x02) + the given transport bytes, plus optional padding.</summary>
    public static byte[] Ipv4Frame(byte protocol, byte[] transport, int padding = 0, ushort flagsAndOffset = 0x4000)
    {
        var frame = new byte[14 + 20 + transport.Length + padding];
        ServerMac.Write(frame);
        ClientMac.Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        ip[1] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + transport.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], flagsAndOffset);
        ip[8] = 64;
        ip[9] = protocol;
        ClientIp.Write(ip[12..]);
        ServerIp.Write(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], ReferenceChecksum(ip, 0));
        transport.CopyTo(frame.AsSpan(34));
        return frame;
    }

    public static byte[] TcpSegment(TcpFlags flags, byte[] options, byte[] payload, uint seq = 0x01020304, uint ack = 0, ushort window = 64240)
    {
        var segment = new byte[20 + options.Length + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(segment, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), 80);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(8), ack);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(12), (ushort)((20 + options.Length) / 4 << 12 | (int)flags));
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), window);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(18), (flags & TcpFlags.Urg) != 0 ? (ushort)3 : (ushort)0);
        options.CopyTo(segment.AsSpan(20));
        payload.CopyTo(segment.AsSpan(20 + options.Length));
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(16),
            ReferenceChecksum(segment, PseudoSum(ClientIp, ServerIp, 6, segment.Length)));
        return segment;
    }

    public static byte[] TcpFrame(TcpFlags flags, byte[] options, byte[] payload, int padding = 0) =>
        Ipv4Frame(6, TcpSegment(flags, options, payload), padding);

    public static byte[] Icmp(byte type, byte code, ushort rest1, ushort rest2, byte[] data)
    {
        var message = new byte[8 + data.Length];
        message[0] = type;
        message[1] = code;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), rest1);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), rest2);
        data.CopyTo(message.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), ReferenceChecksum(message, 0));
        return message;
    }

    public static byte[] ArpFrame(ushort operation, MacAddress targetMac)
    {
        var frame = new byte[14 + 28];
        MacAddress.Broadcast.Write(frame);
        ClientMac.Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        var arp = frame.AsSpan(14);
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], operation);
        ClientMac.Write(arp[8..]);
        ClientIp.Write(arp[14..]);
        targetMac.Write(arp[18..]);
        ServerIp.Write(arp[24..]);
        return frame;
    }

    /// <summary>A SYN carrying every option kind the parser knows plus an unknown one, 40 bytes.</summary>
    public static readonly byte[] EveryOptionKind = Convert.FromHexString(
        "020405B4" + "0402080A0000000100000000" + "01030307" + "220A0102030405060708" + "6304AABB" + "1D040000" + "0100");
}
