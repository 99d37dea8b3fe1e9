using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Tests.Infrastructure;

/// <summary>
/// Byte-level frame construction for the comparison tests: every field can be set to any value, including ones the
/// stack's own <see cref="FrameBuilder"/> would never write (bad lengths, odd options, wrong checksums).
/// </summary>
internal static class Frames
{
    public static readonly MacAddress ClientMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:00:02");
    public static readonly Ipv4Address ClientIp = Ipv4Address.Parse("192.0.2.1");
    public static readonly Ipv4Address ServerIp = Ipv4Address.Parse("192.168.0.1");

    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10, Urg = 0x20, Ece = 0x40, Cwr = 0x80;

    public static byte[] Ethernet(ushort etherType, ReadOnlySpan<byte> payload, int padTo = 0, MacAddress? source = null, MacAddress? destination = null)
    {
        var frame = new byte[Math.Max(14 + payload.Length, padTo)];
        (destination ?? ServerMac).Write(frame);
        (source ?? ClientMac).Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        payload.CopyTo(frame.AsSpan(14));
        return frame;
    }

    /// <summary>An IPv4 datagram with correct header and transport checksums unless told otherwise.</summary>
    public static byte[] Ipv4(byte protocol, ReadOnlySpan<byte> transport, Ipv4Address? source = null, Ipv4Address? destination = null,
        ushort flagsAndOffset = 0x4000, byte[]? options = null, int? totalLength = null, byte? versionAndIhl = null,
        bool corruptChecksums = false, byte ttl = 64)
    {
        var optionBytes = options ?? [];
        var headerLength = 20 + optionBytes.Length;
        var packet = new byte[headerLength + transport.Length];
        var src = source ?? ClientIp;
        var dst = destination ?? ServerIp;
        packet[0] = versionAndIhl ?? (byte)(0x40 | headerLength / 4);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(totalLength ?? packet.Length));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 0x4321);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndOffset);
        packet[8] = ttl;
        packet[9] = protocol;
        src.Write(packet.AsSpan(12));
        dst.Write(packet.AsSpan(16));
        optionBytes.CopyTo(packet.AsSpan(20));
        transport.CopyTo(packet.AsSpan(headerLength));
        var segment = packet.AsSpan(headerLength);
        var checksumOffset = protocol switch { 6 => 16, 17 => 6, 1 => 2, _ => -1 };
        if (checksumOffset >= 0 && segment.Length >= checksumOffset + 2)
        {
            var pseudo = protocol == 1 ? 0 : InternetChecksum.PseudoHeaderSum(src, dst, protocol, segment.Length);
            BinaryPrimitives.WriteUInt16BigEndian(segment[checksumOffset..], 0);
            var checksum = InternetChecksum.Compute(segment, pseudo);
            BinaryPrimitives.WriteUInt16BigEndian(segment[checksumOffset..], corruptChecksums ? (ushort)~checksum : checksum);
        }
        var ipChecksum = InternetChecksum.Compute(packet.AsSpan(0, headerLength));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), corruptChecksums ? (ushort)(ipChecksum ^ 0x5A5A) : ipChecksum);
        return packet;
    }

    public static byte[] Tcp(byte flags, byte[]? options = null, byte[]? payload = null, uint seq = 1_000_000_000, uint ack = 2_000_000_000,
        ushort window = 64240, ushort urgent = 0, ushort sourcePort = 40000, ushort destinationPort = 5001, int? dataOffsetWords = null,
        bool accurateEcn = false)
    {
        var optionBytes = options ?? [];
        var data = payload ?? [];
        var segment = new byte[20 + optionBytes.Length + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(8), ack);
        segment[12] = (byte)((dataOffsetWords ?? (20 + optionBytes.Length) / 4) << 4 | (accurateEcn ? 1 : 0));
        segment[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), window);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(18), urgent);
        optionBytes.CopyTo(segment.AsSpan(20));
        data.CopyTo(segment.AsSpan(20 + optionBytes.Length));
        return segment;
    }

    /// <summary>Ethernet + IPv4 + TCP from the client to the server.</summary>
    public static byte[] TcpFrame(byte flags, byte[]? options = null, byte[]? payload = null, uint seq = 1_000_000_000,
        uint ack = 2_000_000_000, ushort window = 64240, ushort urgent = 0, ushort sourcePort = 40000, ushort destinationPort = 5001,
        int padTo = 0) =>
        Ethernet(0x0800, Ipv4(6, Tcp(flags, options, payload, seq, ack, window, urgent, sourcePort, destinationPort)), padTo);

    public static byte[] Udp(ushort sourcePort, ushort destinationPort, byte[] payload, int? lengthField = null)
    {
        var datagram = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)(lengthField ?? datagram.Length));
        payload.CopyTo(datagram.AsSpan(8));
        return datagram;
    }

    public static byte[] Icmp(byte type, byte code, uint restOfHeader, byte[] data)
    {
        var message = new byte[8 + data.Length];
        message[0] = type;
        message[1] = code;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), restOfHeader);
        data.CopyTo(message.AsSpan(8));
        return message;
    }

    public static byte[] IcmpFrame(byte type, byte code, uint restOfHeader, byte[] data) =>
        Ethernet(0x0800, Ipv4(1, Icmp(type, code, restOfHeader, data), ServerIp, ClientIp));

    /// <summary>An ICMP error quoting the IP header and first 8 bytes of <paramref name="offending"/> (RFC 792).</summary>
    public static byte[] IcmpErrorFrame(byte type, byte code, uint restOfHeader, byte[] offending) =>
        IcmpFrame(type, code, restOfHeader, offending[..Math.Min(offending.Length, (offending[0] & 0xF) * 4 + 8)]);

    public static byte[] Arp(ushort operation, MacAddress senderMac, Ipv4Address sender, MacAddress targetMac, Ipv4Address target,
        ushort hardwareType = 1, ushort protocolType = 0x0800)
    {
        var packet = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(packet, hardwareType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), protocolType);
        packet[4] = 6;
        packet[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), operation);
        senderMac.Write(packet.AsSpan(8));
        sender.Write(packet.AsSpan(14));
        targetMac.Write(packet.AsSpan(18));
        target.Write(packet.AsSpan(24));
        return packet;
    }

    public static byte[] Ipv6(byte nextHeader, ReadOnlySpan<byte> payload, string source = "2001:db8::1", string destination = "2001:db8::2",
        int? payloadLength = null)
    {
        var packet = new byte[40 + payload.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(payloadLength ?? payload.Length));
        packet[6] = nextHeader;
        packet[7] = 64;
        System.Net.IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 8);
        System.Net.IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 24);
        payload.CopyTo(packet.AsSpan(40));
        return packet;
    }

    public static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    public static byte[] Bytes(params int[] values) => values.Select(v => (byte)v).ToArray();

    /// <summary>Pads an options area with NOPs up to a multiple of 4 bytes.</summary>
    public static byte[] Options(params int[] values)
    {
        var bytes = Bytes(values).ToList();
        while (bytes.Count % 4 != 0) bytes.Add(1);
        return [.. bytes];
    }
}
