using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors ether_common_print (print-ether.c) without <c>-e</c>: the link header is not printed; VLAN tags are
/// skipped; IPv4, ARP and IPv6 are handed on; an EtherType tcpdump has no printer for is shown as
/// <c>src > dst, ethertype NAME (0xNNNN), length N: </c> and a hex dump.
/// </summary>
internal static class EthernetPrinter
{
    private const ushort MaxLengthFieldValue = 1500;

    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> frame, uint wireLength)
    {
        context.Protocol = "ether";
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _)) return PrintResult.Truncated;

        var captured = ethernet.Payload;
        var length = wireLength - EthernetFrame.HeaderLength;
        var type = (ushort)ethernet.EtherType;
        while (EtherTypeNames.IsVlanTag(type))
        {
            if (captured.Length < 4 || length < 4)
            {
                context.Protocol = "vlan";
                return PrintResult.Truncated;
            }
            type = BinaryPrimitives.ReadUInt16BigEndian(captured[2..]);
            captured = captured[4..];
            length -= 4;
        }

        if (type <= MaxLengthFieldValue)
            return context.Reject($"IEEE 802.3 frame with length field {type} (LLC is not decoded)");

        switch (type)
        {
            case (ushort)EtherType.Ipv4:
                return Ipv4Printer.Print(context, captured, length);
            case (ushort)EtherType.Arp:
            case EtherTypeNames.ReverseArp:
                return ArpPrinter.Print(context, captured, length);
            case (ushort)EtherType.Ipv6:
                return Ipv6Printer.Print(context, captured, length);
        }

        if (EtherTypeNames.HasTcpdumpPrinter(type))
            return context.Reject($"EtherType 0x{type:x4} ({EtherTypeNames.Name(type)}) is not decoded");

        context.Append(ethernet.Source.ToString()).Append(" > ").Append(ethernet.Destination.ToString()).Append(", ")
            .Append($"ethertype {EtherTypeNames.Name(type)} (0x{type:x4}), length ").Append(wireLength).Append(": ");
        return HexDump.PrintHexAndAscii(context, captured, (uint)captured.Length);
    }
}
