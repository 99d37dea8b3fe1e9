using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using Pdn = PacketDotNet;

namespace Hashdance.Bench;

/// <summary>
/// The same receive-path work done the ordinary PacketDotNet way: <c>Packet.ParsePacket</c>, <c>Extract</c>,
/// <c>ValidChecksum</c> (IPv4 header checksum and TCP checksum), the header fields and a walk over
/// <c>OptionsCollection</c>, reduced to <see cref="ParsedTcpFields"/>.
/// </summary>
internal static class PacketDotNetTcpReader
{
    public static ParsedTcpFields Read(byte[] frame)
    {
        if (Pdn.Packet.ParsePacket(Pdn.LinkLayers.Ethernet, frame) is not Pdn.EthernetPacket ethernet) return default;
        var tcp = ethernet.Extract<Pdn.TcpPacket>();
        if (tcp?.ParentPacket is not Pdn.IPv4Packet ip || !tcp.ValidChecksum) return default;

        ushort mss = 0;
        var windowScale = -1;
        var sackPermitted = false;
        var hasTimestamps = false;
        uint tsVal = 0, tsEcr = 0;
        var options = tcp.OptionsCollection;
        if (options is not null)
        {
            foreach (var option in options)
            {
                switch (option)
                {
                    case Pdn.Tcp.MaximumSegmentSizeOption m:
                        mss = m.Value;
                        break;
                    case Pdn.Tcp.WindowScaleFactorOption w:
                        windowScale = w.ScaleFactor;
                        break;
                    case Pdn.Tcp.SelectiveAcknowledgmentPermittedOption:
                        sackPermitted = true;
                        break;
                    case Pdn.Tcp.TimeStampOption t:
                        hasTimestamps = true;
                        tsVal = t.Value;
                        tsEcr = t.EchoReply;
                        break;
                }
            }
        }
        return new ParsedTcpFields(
            Mac(ethernet.SourceHardwareAddress), Mac(ethernet.DestinationHardwareAddress),
            Ip(ip.SourceAddress), Ip(ip.DestinationAddress),
            tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber, tcp.AcknowledgmentNumber,
            tcp.Flags, tcp.WindowSize,
            mss, windowScale, sackPermitted, hasTimestamps, tsVal, tsEcr,
            tcp.PayloadDataSegment?.Length ?? 0);
    }

    private static uint Ip(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static ulong Mac(PhysicalAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32 | BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2));
    }
}
