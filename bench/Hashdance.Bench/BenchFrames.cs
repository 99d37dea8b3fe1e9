using Hashdance.Protocol.Wire;

namespace Hashdance.Bench;

/// <summary>The endpoints and input frames shared by the benchmarks. Frames are built once, in setup, with
/// <see cref="FrameBuilder"/>; each parse benchmark's guard then checks PacketDotNet reads them the same way.</summary>
internal static class BenchFrames
{
    public static readonly MacAddress ClientMac = new(0x02_00_00_00_00_01);
    public static readonly MacAddress ServerMac = new(0x02_00_00_00_00_02);
    public static readonly Ipv4Address ClientIp = new(0xC0_00_02_0A); // 192.0.2.10
    public static readonly Ipv4Address ServerIp = new(0xC6_33_64_14); // 198.51.100.20
    public const ushort ClientPort = 40000;
    public const ushort ServerPort = 80;
    public const int FullSizePayload = 1460;

    /// <summary>A Linux client's SYN: MSS, SACK-permitted folded before TS, NOP + window scale; 74 bytes.</summary>
    public static byte[] Syn()
    {
        var options = new TcpOptionSet
        {
            Mss = 1460,
            SackPermitted = true,
            Timestamps = new TcpTimestamps(0x0A0B0C0D, 0),
            WindowScale = 7,
        };
        var tcp = new TcpRepr
        {
            SourcePort = ClientPort,
            DestinationPort = ServerPort,
            SequenceNumber = new SeqNum(0x01020304),
            Flags = TcpFlags.Syn,
            Window = 64240,
            Options = options,
        };
        return Build(tcp, []);
    }

    /// <summary>A full-size (1514-byte) data segment without options: 1460 bytes of seeded random payload.</summary>
    public static byte[] FullSizeData()
    {
        var payload = new byte[FullSizePayload];
        new Random(FullSizePayload).NextBytes(payload);
        var tcp = new TcpRepr
        {
            SourcePort = ClientPort,
            DestinationPort = ServerPort,
            SequenceNumber = new SeqNum(0x01020305),
            AckNumber = new SeqNum(0x11223345),
            Flags = TcpFlags.Ack | TcpFlags.Psh,
            Window = 502,
        };
        return Build(tcp, payload);
    }

    private static byte[] Build(in TcpRepr tcp, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[1514];
        var ethernet = new EthernetRepr(ClientMac, ServerMac, EtherType.Ipv4);
        var ip = new Ipv4Repr { Source = ClientIp, Destination = ServerIp, Ttl = 64, DontFragment = true };
        var length = FrameBuilder.BuildTcp(frame, ethernet, ip, tcp, payload);
        return frame[..length];
    }
}
