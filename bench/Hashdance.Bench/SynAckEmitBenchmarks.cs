using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using BenchmarkDotNet.Attributes;
using Hashdance.Protocol.Wire;
using Pdn = PacketDotNet;

namespace Hashdance.Bench;

/// <summary>
/// Benchmark 3: emit a 74-byte SYN-ACK (MSS, sackOK, TS, nop, wscale; DF, ID 0, TTL 64 as Linux sends it) with
/// both checksums. Ours writes into a preallocated buffer; PacketDotNet builds its packet objects and returns the
/// frame bytes. PacketDotNet is the baseline, so Ratio = ours / PacketDotNet within one run.
/// </summary>
[MemoryDiagnoser]
public class SynAckEmitBenchmarks
{
    private const ushort Mss = 1460;
    private const byte WindowScale = 7;
    private const uint TsVal = 0x5566_7788;
    private const uint TsEcr = 0x0A0B_0C0D;
    private const uint Iss = 0x1122_3344;
    private const uint AckOfSyn = 0x0102_0305;
    private const ushort Window = 65160;

    private readonly byte[] _frame = new byte[1514];

    // PacketDotNet takes framework address objects; they are made once, as an application would cache them.
    private readonly PhysicalAddress _serverMac = new(BytesOf(BenchFrames.ServerMac));
    private readonly PhysicalAddress _clientMac = new(BytesOf(BenchFrames.ClientMac));
    private readonly IPAddress _serverIp = new(BytesOf(BenchFrames.ServerIp));
    private readonly IPAddress _clientIp = new(BytesOf(BenchFrames.ClientIp));

    [GlobalSetup]
    public void Setup()
    {
        var length = Hashdance();
        var reference = PacketDotNet();
        BenchmarkGuard.Require(length == 74 && reference.Length == 74, $"SYN-ACK lengths: ours {length}, PacketDotNet {reference.Length}");
        BenchmarkGuard.Require(_frame.AsSpan(0, length).SequenceEqual(reference),
            $"SYN-ACK bytes differ:\n ours {Convert.ToHexString(_frame, 0, length)}\n pdn  {Convert.ToHexString(reference)}");
        BenchmarkGuard.Require(Pdn.Packet.ParsePacket(Pdn.LinkLayers.Ethernet, reference).Extract<Pdn.TcpPacket>().ValidChecksum,
            "PacketDotNet does not accept the SYN-ACK checksums");
    }

    [Benchmark(Baseline = true, Description = "PacketDotNet: build packets+UpdateCalculatedValues+checksums+Bytes")]
    public byte[] PacketDotNet()
    {
        // PacketDotNet's value constructor makes a 20-byte TCP header that cannot grow, so a header with options is
        // made from a buffer whose data offset already says 40 bytes; the options go in through the Options setter.
        var header = new byte[40];
        header[12] = 10 << 4;
        var tcp = new Pdn.TcpPacket(new Pdn.Utils.ByteArraySegment(header))
        {
            SourcePort = BenchFrames.ServerPort,
            DestinationPort = BenchFrames.ClientPort,
            SequenceNumber = Iss,
            AcknowledgmentNumber = AckOfSyn,
            Synchronize = true,
            Acknowledgment = true,
            WindowSize = Window,
            Options = SynAckOptionBytes(),
        };
        var ip = new Pdn.IPv4Packet(_serverIp, _clientIp) { TimeToLive = 64, FragmentFlags = 0x2, Id = 0, PayloadPacket = tcp };
        var ethernet = new Pdn.EthernetPacket(_serverMac, _clientMac, Pdn.EthernetType.IPv4) { PayloadPacket = ip };
        ip.UpdateCalculatedValues();
        tcp.UpdateTcpChecksum();
        ip.UpdateIPChecksum();
        return ethernet.Bytes;
    }

    [Benchmark(Description = "Hashdance: FrameBuilder.BuildTcp into a preallocated buffer")]
    public int Hashdance()
    {
        var ethernet = new EthernetRepr(BenchFrames.ServerMac, BenchFrames.ClientMac, EtherType.Ipv4);
        var ip = new Ipv4Repr { Source = BenchFrames.ServerIp, Destination = BenchFrames.ClientIp, Ttl = 64, DontFragment = true };
        var tcp = new TcpRepr
        {
            SourcePort = BenchFrames.ServerPort,
            DestinationPort = BenchFrames.ClientPort,
            SequenceNumber = new SeqNum(Iss),
            AckNumber = new SeqNum(AckOfSyn),
            Flags = TcpFlags.Syn | TcpFlags.Ack,
            Window = Window,
            Options = new TcpOptionSet
            {
                Mss = Mss,
                SackPermitted = true,
                Timestamps = new TcpTimestamps(TsVal, TsEcr),
                WindowScale = WindowScale,
            },
        };
        return FrameBuilder.BuildTcp(_frame, ethernet, ip, tcp, []);
    }

    /// <summary>PacketDotNet has no option builder (its option classes are views whose setters do not all write
    /// through), so the 20 option bytes are laid out by hand in the Linux order.</summary>
    private static byte[] SynAckOptionBytes()
    {
        var options = new byte[20];
        var span = options.AsSpan();
        span[0] = (byte)Pdn.Tcp.OptionTypes.MaximumSegmentSize;
        span[1] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], Mss);
        span[4] = (byte)Pdn.Tcp.OptionTypes.SelectiveAcknowledgmentPermitted;
        span[5] = 2;
        span[6] = (byte)Pdn.Tcp.OptionTypes.Timestamp;
        span[7] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], TsVal);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], TsEcr);
        span[16] = (byte)Pdn.Tcp.OptionTypes.NoOperation;
        span[17] = (byte)Pdn.Tcp.OptionTypes.WindowScaleFactor;
        span[18] = 3;
        span[19] = WindowScale;
        return options;
    }

    private static byte[] BytesOf(MacAddress mac)
    {
        var bytes = new byte[MacAddress.Length];
        mac.Write(bytes);
        return bytes;
    }

    private static byte[] BytesOf(Ipv4Address address)
    {
        var bytes = new byte[Ipv4Address.Length];
        address.Write(bytes);
        return bytes;
    }
}
