using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// An ICMPv4 message of a type up to NR_ICMP_TYPES. For an error (destination unreachable, source quench, redirect,
/// time exceeded, parameter problem) the quoted IPv4 header and the first 8 bytes of the quoted datagram are kept
/// (RFC 792; what icmp_unreach / tcp_v4_err need to find the socket: ports and the sequence number); a query (echo,
/// timestamp, information, address mask) keeps its identifier, sequence number and data length.
/// </summary>
public readonly record struct IcmpV4Repr
{
    /// <summary>Bytes of the offending datagram's payload that an ICMP error quotes (RFC 792).</summary>
    public const int QuotedPayloadLength = 8;

    public IcmpV4Message Message { get; init; }
    public byte Code { get; init; }

    public ushort Identifier { get; init; }
    public ushort SequenceNumber { get; init; }

    /// <summary>Data bytes of a query (they travel in the caller's span, not in the repr).</summary>
    public int DataLength { get; init; }

    /// <summary>Next-hop MTU for <see cref="IcmpV4Packet.CodeFragmentationNeeded"/>.</summary>
    public ushort NextHopMtu { get; init; }

    public Ipv4Repr QuotedHeader { get; init; }

    /// <summary>The first 8 bytes of the quoted datagram, big-endian packed.</summary>
    public ulong QuotedPayload { get; init; }

    public ushort QuotedSourcePort => (ushort)(QuotedPayload >> 48);
    public ushort QuotedDestinationPort => (ushort)(QuotedPayload >> 32);

    /// <summary>The TCP sequence number of the quoted segment (its bytes 4–7).</summary>
    public SeqNum QuotedSequenceNumber => new((uint)QuotedPayload);

    public bool IsEcho => Message is IcmpV4Message.EchoRequest or IcmpV4Message.EchoReply;

    /// <summary>
    /// An error message, which quotes the IP header and first 8 bytes of the datagram that caused it (RFC 792):
    /// destination unreachable, source quench, redirect, time exceeded, parameter problem (icmp_pointers' error
    /// flag). The other types are queries laid out as echo is: identifier, sequence number, data.
    /// </summary>
    public bool IsError => IsErrorType((byte)Message);

    /// <summary>Whether <paramref name="type"/> is an ICMP error type (quotes the offending datagram).</summary>
    public static bool IsErrorType(byte type) => type is 3 or 4 or 5 or 11 or 12;

    /// <summary>Bytes <see cref="Emit"/> writes for <paramref name="dataLength"/> echo data bytes.</summary>
    public int BufferLength(int dataLength) =>
        IcmpV4Packet.HeaderLength + (IsError ? Ipv4Repr.HeaderLength + QuotedPayloadLength : dataLength);

    public static bool TryParse(ReadOnlySpan<byte> message, out IcmpV4Repr repr, out WireError error)
    {
        repr = default;
        if (!IcmpV4Packet.TryParse(message, out var packet, out error)) return false;
        if (!packet.VerifyChecksum())
        {
            error = WireError.BadChecksum;
            return false;
        }
        if (packet.Type > (byte)IcmpV4Message.AddressMaskReply)
        {
            // icmp_rcv: a type past NR_ICMP_TYPES is an error (InErrors).
            error = WireError.UnsupportedIcmpMessage;
            return false;
        }
        if (!IsErrorType(packet.Type))
        {
            repr = new IcmpV4Repr
            {
                Message = (IcmpV4Message)packet.Type,
                Code = packet.Code,
                Identifier = packet.Identifier,
                SequenceNumber = packet.SequenceNumber,
                DataLength = packet.Data.Length,
            };
            return true;
        }
        if (!Ipv4Packet.TryParseQuoted(packet.Data, out var quoted, out error)) return false;
        var quotedPayload = packet.Data[quoted.HeaderLength..];
        if (quotedPayload.Length < QuotedPayloadLength)
        {
            // icmp_socket_deliver drops errors that do not quote 8 bytes past the IP header.
            error = WireError.Truncated;
            return false;
        }
        repr = new IcmpV4Repr
        {
            Message = (IcmpV4Message)packet.Type,
            Code = packet.Code,
            NextHopMtu = packet.Type == (byte)IcmpV4Message.DestinationUnreachable && packet.Code == IcmpV4Packet.CodeFragmentationNeeded
                ? packet.NextHopMtu : (ushort)0,
            QuotedHeader = Ipv4Repr.FromPacket(quoted),
            QuotedPayload = BinaryPrimitives.ReadUInt64BigEndian(quotedPayload),
        };
        return true;
    }

    public int Emit(Span<byte> destination, ReadOnlySpan<byte> echoData)
    {
        var length = BufferLength(echoData.Length);
        var message = destination[..length];
        message[0] = (byte)Message;
        message[1] = Code;
        message[2] = 0;
        message[3] = 0;
        if (!IsError)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message[4..], Identifier);
            BinaryPrimitives.WriteUInt16BigEndian(message[6..], SequenceNumber);
            echoData.CopyTo(message[IcmpV4Packet.HeaderLength..]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(message[4..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(message[6..], NextHopMtu);
            QuotedHeader.Emit(message[IcmpV4Packet.HeaderLength..]);
            BinaryPrimitives.WriteUInt64BigEndian(message[(IcmpV4Packet.HeaderLength + Ipv4Repr.HeaderLength)..], QuotedPayload);
        }
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Compute(message));
        return length;
    }
}
