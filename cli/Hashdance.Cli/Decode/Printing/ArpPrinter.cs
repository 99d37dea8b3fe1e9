using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors arp_print (print-arp.c) without <c>-v</c> for Ethernet/IPv4 ARP, the only kind <see cref="ArpPacket"/>
/// accepts: <c>ARP, Request who-has T tell S, length N</c>, <c>ARP, Reply S is-at MAC, length N</c>, and the
/// reverse/inverse forms. Other hardware or protocol types are reported as not decoded.
/// </summary>
internal static class ArpPrinter
{
    private const ushort ReverseRequest = 3;
    private const ushort ReverseReply = 4;
    private const ushort InverseRequest = 8;
    private const ushort InverseReply = 9;
    private const ushort Nak = 10;

    /// <param name="length">Bytes after the Ethernet header on the wire, padding included (tcpdump prints it).</param>
    public static PrintResult Print(PrintContext context, ReadOnlySpan<byte> captured, uint length)
    {
        context.Protocol = "arp";
        if (!ArpPacket.TryParse(captured, out var arp, out var error))
        {
            if (error == WireError.Truncated) return PrintResult.Truncated;
            return context.Reject(captured.Length >= 6
                ? $"ARP for hardware type {BinaryPrimitives.ReadUInt16BigEndian(captured)}, protocol type 0x{BinaryPrimitives.ReadUInt16BigEndian(captured[2..]):x4}, address lengths {captured[4]}/{captured[5]} is not decoded ({error})"
                : $"ARP not decoded ({error})");
        }

        context.Append("ARP, ");
        var operation = (ushort)arp.Operation;
        switch (operation)
        {
            case (ushort)ArpOperation.Request:
                context.Append("Request who-has ").Append(arp.TargetProtocolAddress.ToString());
                if (arp.TargetHardwareAddress != MacAddress.Zero)
                    context.Append(" (").Append(arp.TargetHardwareAddress.ToString()).Append(')');
                context.Append(" tell ").Append(arp.SenderProtocolAddress.ToString());
                break;
            case (ushort)ArpOperation.Reply:
                context.Append("Reply ").Append(arp.SenderProtocolAddress.ToString())
                    .Append(" is-at ").Append(arp.SenderHardwareAddress.ToString());
                break;
            case ReverseRequest:
            case InverseRequest:
                context.Append(operation == ReverseRequest ? "Reverse Request" : "Inverse Request")
                    .Append(" who-is ").Append(arp.TargetHardwareAddress.ToString())
                    .Append(" tell ").Append(arp.SenderHardwareAddress.ToString());
                break;
            case ReverseReply:
                context.Append("Reverse Reply ").Append(arp.TargetHardwareAddress.ToString())
                    .Append(" at ").Append(arp.TargetProtocolAddress.ToString());
                break;
            case InverseReply:
                context.Append("Inverse Reply ").Append(arp.SenderHardwareAddress.ToString())
                    .Append(" at ").Append(arp.SenderProtocolAddress.ToString());
                break;
            default:
                // Unknown operations (and NAK, which has no address format) get the raw dump instead of a length.
                context.Append(operation == Nak ? "NACK Reply" : $"Unknown ({operation})").Append(' ');
                return HexDump.PrintHexAndAscii(context, captured, (uint)captured.Length);
        }
        context.Append(", length ").Append(length);
        return PrintResult.Done;
    }
}
