using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;
using PacketDotNet.Utils;

namespace Hashdance.NicIo.Tests;

/// <summary>Builds real Ethernet/IPv4/TCP frames with valid checksums, for checking captures with tshark and tcpdump.</summary>
internal static class TcpFrameBuilder
{
    private static readonly PhysicalAddress ClientMac = PhysicalAddress.Parse("02-00-00-00-00-0A");
    private static readonly PhysicalAddress ServerMac = PhysicalAddress.Parse("02-00-00-00-00-0B");
    private static readonly IPAddress ClientIp = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress ServerIp = IPAddress.Parse("192.0.2.2");

    /// <summary>Linux's SYN options: MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (20 bytes).</summary>
    public static byte[] LinuxSynOptions(uint tsVal, uint tsEcr) =>
    [
        2, 4, 0x05, 0xB4,
        4, 2,
        8, 10, (byte)(tsVal >> 24), (byte)(tsVal >> 16), (byte)(tsVal >> 8), (byte)tsVal,
        (byte)(tsEcr >> 24), (byte)(tsEcr >> 16), (byte)(tsEcr >> 8), (byte)tsEcr,
        1,
        3, 3, 7,
    ];

    /// <summary>NOP, NOP, timestamps: the 12 option bytes of every later Linux segment.</summary>
    public static byte[] TimestampOptions(uint tsVal, uint tsEcr) =>
    [
        1, 1,
        8, 10, (byte)(tsVal >> 24), (byte)(tsVal >> 16), (byte)(tsVal >> 8), (byte)tsVal,
        (byte)(tsEcr >> 24), (byte)(tsEcr >> 16), (byte)(tsEcr >> 8), (byte)tsEcr,
    ];

    /// <summary>A three-way handshake, one data segment and its ACK between 192.0.2.1:40000 and 192.0.2.2:80.</summary>
    public static IReadOnlyList<byte[]> Handshake() =>
    [
        Frame(fromClient: true, seq: 1000, ack: 0, syn: true, ackFlag: false, window: 64240, LinuxSynOptions(111, 0), []),
        Frame(fromClient: false, seq: 5000, ack: 1001, syn: true, ackFlag: true, window: 65160, LinuxSynOptions(222, 111), []),
        Frame(fromClient: true, seq: 1001, ack: 5001, syn: false, ackFlag: true, window: 502, TimestampOptions(112, 222), []),
        Frame(fromClient: true, seq: 1001, ack: 5001, syn: false, ackFlag: true, window: 502, TimestampOptions(113, 222), "GET / HTTP/1.0\r\n\r\n"u8.ToArray()),
        Frame(fromClient: false, seq: 5001, ack: 1019, syn: false, ackFlag: true, window: 509, TimestampOptions(223, 113), []),
    ];

    public static byte[] Frame(bool fromClient, uint seq, uint ack, bool syn, bool ackFlag, ushort window, byte[] options, byte[] payload)
    {
        // PacketDotNet's Options setter cannot grow the header, so the header is laid out here with room for the
        // options and PacketDotNet fills in the fields and the checksum.
        var header = new byte[20 + options.Length];
        header[12] = (byte)(header.Length / 4 << 4);
        options.CopyTo(header, 20);
        var tcp = new TcpPacket(new ByteArraySegment(header))
        {
            SourcePort = fromClient ? (ushort)40000 : (ushort)80,
            DestinationPort = fromClient ? (ushort)80 : (ushort)40000,
            SequenceNumber = seq,
            AcknowledgmentNumber = ack,
            Synchronize = syn,
            Acknowledgment = ackFlag,
            Push = payload.Length > 0,
            WindowSize = window,
        };
        if (payload.Length > 0) tcp.PayloadData = payload;
        var ip = new IPv4Packet(fromClient ? ClientIp : ServerIp, fromClient ? ServerIp : ClientIp)
        {
            TimeToLive = 64,
            Id = 0,
            FragmentFlags = 0x2, // DF, as Linux sets on TCP
            PayloadPacket = tcp,
        };
        var ethernet = new EthernetPacket(fromClient ? ClientMac : ServerMac, fromClient ? ServerMac : ClientMac, EthernetType.IPv4)
        {
            PayloadPacket = ip,
        };
        ethernet.UpdateCalculatedValues();
        tcp.UpdateTcpChecksum();
        ip.UpdateIPChecksum();
        return ethernet.Bytes;
    }
}
