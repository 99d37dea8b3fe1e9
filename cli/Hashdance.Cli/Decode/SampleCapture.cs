using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode;

/// <summary>
/// A small, fixed capture built with the stack's own <see cref="FrameBuilder"/>: an ARP request and reply, a TCP
/// connection from 192.0.2.1:40000 to 192.168.0.1:8080 (SYN with mss/sackOK/TS/nop/wscale in Linux's layout,
/// SYN-ACK, ACK, one request segment and its ACK, FIN exchange), and an ICMP echo request and reply. Every value is
/// fixed, so the decoded text is the same on every machine.
/// </summary>
internal static class SampleCapture
{
    public static readonly MacAddress ClientMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:00:02");
    public static readonly Ipv4Address ClientIp = Ipv4Address.Parse("192.0.2.1");
    public static readonly Ipv4Address ServerIp = Ipv4Address.Parse("192.168.0.1");
    public const ushort ClientPort = 40000;
    public const ushort ServerPort = 8080;

    /// <summary>Time of the first frame: 2023-11-14 22:13:20 UTC, in microseconds since the epoch.</summary>
    public const long StartMicros = 1_700_000_000_000_000;

    private const uint ClientIsn = 1_000_000_000;
    private const uint ServerIsn = 2_000_000_000;
    private const ushort EchoIdentifier = 0x1234;
    private const int EchoDataLength = 56;

    private static readonly byte[] Request = "GET / HTTP/1.1\r\nHost: 192.168.0.1:8080\r\n\r\n"u8.ToArray();

    /// <summary>The frames in capture order, each with its timestamp in microseconds.</summary>
    public static IReadOnlyList<(long TimestampMicros, byte[] Frame)> Frames()
    {
        var frames = new List<(long, byte[])>();
        var clock = StartMicros;
        void Add(byte[] frame, int delayMicros)
        {
            clock += delayMicros;
            frames.Add((clock, frame));
        }

        Add(Arp(ArpOperation.Request, ClientMac, ClientIp, MacAddress.Zero, ServerIp, MacAddress.Broadcast), 0);
        Add(Arp(ArpOperation.Reply, ServerMac, ServerIp, ClientMac, ClientIp, ClientMac), 120);

        var clientSeq = new SeqNum(ClientIsn);
        var serverSeq = new SeqNum(ServerIsn);
        var synOptions = new TcpOptionSet { Mss = 1460, SackPermitted = true, Timestamps = new TcpTimestamps(3_000_000, 0), WindowScale = 7 };
        Add(ClientSegment(1, TcpFlags.Syn, clientSeq, default, 64240, synOptions), 310);
        var synAckOptions = new TcpOptionSet { Mss = 1460, SackPermitted = true, Timestamps = new TcpTimestamps(4_000_000, 3_000_000), WindowScale = 7 };
        Add(ServerSegment(0, TcpFlags.Syn | TcpFlags.Ack, serverSeq, clientSeq + 1, 65160, synAckOptions), 95);
        clientSeq += 1;
        serverSeq += 1;
        Add(ClientSegment(2, TcpFlags.Ack, clientSeq, serverSeq, 502, Stamps(3_000_001, 4_000_000)), 88);
        Add(ClientSegment(3, TcpFlags.Psh | TcpFlags.Ack, clientSeq, serverSeq, 502, Stamps(3_000_001, 4_000_000), Request), 41);
        clientSeq += Request.Length;
        Add(ServerSegment(1, TcpFlags.Ack, serverSeq, clientSeq, 509, Stamps(4_000_001, 3_000_001)), 102);
        Add(ClientSegment(4, TcpFlags.Fin | TcpFlags.Ack, clientSeq, serverSeq, 502, Stamps(3_000_050, 4_000_001)), 50_000);
        Add(ServerSegment(2, TcpFlags.Fin | TcpFlags.Ack, serverSeq, clientSeq + 1, 509, Stamps(4_000_051, 3_000_050)), 97);
        Add(ClientSegment(5, TcpFlags.Ack, clientSeq + 1, serverSeq + 1, 502, Stamps(3_000_051, 4_000_051)), 90);

        Add(Echo(IcmpV4Message.EchoRequest, ClientMac, ServerMac, ClientIp, ServerIp, identification: 6), 1_000_000);
        Add(Echo(IcmpV4Message.EchoReply, ServerMac, ClientMac, ServerIp, ClientIp, identification: 3), 105);
        return frames;
    }

    /// <summary>Writes <see cref="Frames"/> as a classic pcap file.</summary>
    public static void Write(Stream destination)
    {
        using var writer = new PcapFileWriter(destination, leaveOpen: true);
        foreach (var (timestamp, frame) in Frames()) writer.Write(frame, timestamp);
    }

    private static TcpOptionSet Stamps(uint value, uint echoReply) => new() { Timestamps = new TcpTimestamps(value, echoReply) };

    private static byte[] ClientSegment(ushort identification, TcpFlags flags, SeqNum seq, SeqNum ack, ushort window,
        TcpOptionSet options, byte[]? payload = null) =>
        Segment(ClientMac, ServerMac, ClientIp, ServerIp, ClientPort, ServerPort, identification, flags, seq, ack, window, options, payload);

    private static byte[] ServerSegment(ushort identification, TcpFlags flags, SeqNum seq, SeqNum ack, ushort window,
        TcpOptionSet options, byte[]? payload = null) =>
        Segment(ServerMac, ClientMac, ServerIp, ClientIp, ServerPort, ClientPort, identification, flags, seq, ack, window, options, payload);

    private static byte[] Segment(MacAddress sourceMac, MacAddress destinationMac, Ipv4Address source, Ipv4Address destination,
        ushort sourcePort, ushort destinationPort, ushort identification, TcpFlags flags, SeqNum seq, SeqNum ack,
        ushort window, TcpOptionSet options, byte[]? payload)
    {
        var tcp = new TcpRepr
        {
            SourcePort = sourcePort,
            DestinationPort = destinationPort,
            SequenceNumber = seq,
            AckNumber = ack,
            Flags = flags,
            Window = window,
            Options = options,
        };
        var frame = new byte[EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength + tcp.HeaderLength + (payload?.Length ?? 0)];
        var length = FrameBuilder.BuildTcp(frame, new EthernetRepr(sourceMac, destinationMac, EtherType.Ipv4),
            Ip(source, destination, identification), tcp, payload ?? []);
        return frame[..length];
    }

    private static byte[] Arp(ArpOperation operation, MacAddress senderMac, Ipv4Address sender, MacAddress targetMac,
        Ipv4Address target, MacAddress ethernetDestination)
    {
        var frame = new byte[EthernetRepr.HeaderLength + ArpRepr.Length];
        var length = FrameBuilder.BuildArp(frame, new EthernetRepr(senderMac, ethernetDestination, EtherType.Arp),
            new ArpRepr(operation, senderMac, sender, targetMac, target));
        return frame[..length];
    }

    private static byte[] Echo(IcmpV4Message message, MacAddress sourceMac, MacAddress destinationMac, Ipv4Address source,
        Ipv4Address destination, ushort identification)
    {
        var data = new byte[EchoDataLength];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(0x10 + i);
        var icmp = new IcmpV4Repr { Message = message, Identifier = EchoIdentifier, SequenceNumber = 1, DataLength = data.Length };
        var frame = new byte[EthernetRepr.HeaderLength + Ipv4Repr.HeaderLength + icmp.BufferLength(data.Length)];
        var length = FrameBuilder.BuildIcmp(frame, new EthernetRepr(sourceMac, destinationMac, EtherType.Ipv4),
            Ip(source, destination, identification), icmp, data);
        return frame[..length];
    }

    private static Ipv4Repr Ip(Ipv4Address source, Ipv4Address destination, ushort identification) => new()
    {
        Source = source,
        Destination = destination,
        Ttl = 64,
        Identification = identification,
        DontFragment = true,
    };
}
