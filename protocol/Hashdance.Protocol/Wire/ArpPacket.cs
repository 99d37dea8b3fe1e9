using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// Read-only view of an Ethernet/IPv4 ARP packet (RFC 826). <see cref="TryParse"/> rejects other hardware or
/// protocol types and address lengths (as arp_rcv does for an Ethernet device), so the address getters are in range.
/// </summary>
public readonly ref struct ArpPacket
{
    public const int Length = 28;
    private const ushort HardwareTypeEthernet = 1;

    private readonly ReadOnlySpan<byte> _buffer;

    private ArpPacket(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    public static bool TryParse(ReadOnlySpan<byte> buffer, out ArpPacket packet, out WireError error)
    {
        packet = default;
        if (buffer.Length < 8)
        {
            error = WireError.Truncated;
            return false;
        }
        if (BinaryPrimitives.ReadUInt16BigEndian(buffer) != HardwareTypeEthernet
            || BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]) != (ushort)EtherType.Ipv4
            || buffer[4] != MacAddress.Length || buffer[5] != Ipv4Address.Length)
        {
            error = WireError.BadArpFormat;
            return false;
        }
        if (buffer.Length < Length)
        {
            error = WireError.Truncated;
            return false;
        }
        packet = new ArpPacket(buffer);
        error = WireError.None;
        return true;
    }

    public ReadOnlySpan<byte> Buffer => _buffer;
    public ushort HardwareType => BinaryPrimitives.ReadUInt16BigEndian(_buffer);
    public EtherType ProtocolType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]);
    public byte HardwareLength => _buffer[4];
    public byte ProtocolLength => _buffer[5];
    public ArpOperation Operation => (ArpOperation)BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]);
    public MacAddress SenderHardwareAddress => MacAddress.Read(_buffer[8..]);
    public Ipv4Address SenderProtocolAddress => Ipv4Address.Read(_buffer[14..]);
    public MacAddress TargetHardwareAddress => MacAddress.Read(_buffer[18..]);
    public Ipv4Address TargetProtocolAddress => Ipv4Address.Read(_buffer[24..]);
}
