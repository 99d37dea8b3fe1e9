using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>An Ethernet/IPv4 ARP request or reply.</summary>
public readonly record struct ArpRepr(
    ArpOperation Operation,
    MacAddress SenderHardwareAddress,
    Ipv4Address SenderProtocolAddress,
    MacAddress TargetHardwareAddress,
    Ipv4Address TargetProtocolAddress)
{
    public const int Length = ArpPacket.Length;

    public static bool TryParse(ReadOnlySpan<byte> buffer, out ArpRepr repr, out WireError error)
    {
        repr = default;
        if (!ArpPacket.TryParse(buffer, out var packet, out error)) return false;
        var operation = packet.Operation;
        if (operation is not (ArpOperation.Request or ArpOperation.Reply))
        {
            error = WireError.UnsupportedArpOperation;
            return false;
        }
        repr = new ArpRepr(operation, packet.SenderHardwareAddress, packet.SenderProtocolAddress,
            packet.TargetHardwareAddress, packet.TargetProtocolAddress);
        return true;
    }

    /// <summary>Writes the 28-byte packet; returns <see cref="Length"/>.</summary>
    public int Emit(Span<byte> destination)
    {
        var packet = destination[..Length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, 1);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)EtherType.Ipv4);
        packet[4] = MacAddress.Length;
        packet[5] = Ipv4Address.Length;
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], (ushort)Operation);
        SenderHardwareAddress.Write(packet[8..]);
        SenderProtocolAddress.Write(packet[14..]);
        TargetHardwareAddress.Write(packet[18..]);
        TargetProtocolAddress.Write(packet[24..]);
        return Length;
    }
}
