using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// An echo request/reply or a destination-unreachable message. For an unreachable, the quoted IPv4 header and the
/// first 8 bytes of the quoted datagram are kept (RFC 792; what icmp_unreach / tcp_v4_err need to find the
/// socket: ports and the sequence number).
/// </summary>
public readonly record struct IcmpV4Repr
{
    /// <summary>Bytes of the offending datagram's payload that an ICMP error quotes (RFC 792).</summary>
    public const int QuotedPayloadLength = 8;

    public IcmpV4Message Message { get; init; }
    public byte Code { get; init; }

    public ushort Identifier { get; init; }
    public ushort SequenceNumber { get; init; }

    /// <summary>Echo data bytes (data travels in the caller's span, not in the repr).</summary>
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

    /// <summary>Bytes <see cref="Emit"/> writes for <paramref name="dataLength"/> echo data bytes.</summary>
    public int BufferLength(int dataLength) =>
        IcmpV4Packet.HeaderLength + (IsEcho ? dataLength : Ipv4Repr.HeaderLength + QuotedPayloadLength);

    public static bool TryParse(ReadOnlySpan<byte> message, out IcmpV4Repr repr, out WireError error)
    {
        repr = default;
        if (!IcmpV4Packet.TryParse(message, out var packet, out error)) return false;
        if (!packet.VerifyChecksum())
        {
            error = WireError.BadChecksum;
            return false;
        }
        switch ((IcmpV4Message)packet.Type)
        {
            case IcmpV4Message.EchoRequest:
            case IcmpV4Message.EchoReply:
                repr = new IcmpV4Repr
                {
                    Message = (IcmpV4Message)packet.Type,
                    Code = packet.Code,
                    Identifier = packet.Identifier,
                    SequenceNumber = packet.SequenceNumber,
                    DataLength = packet.Data.Length,
                };
                return true;
            case IcmpV4Message.DestinationUnreachable:
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
                    Message = IcmpV4Message.DestinationUnreachable,
                    Code = packet.Code,
                    NextHopMtu = packet.Code == IcmpV4Packet.CodeFragmentationNeeded ? packet.NextHopMtu : (ushort)0,
                    QuotedHeader = Ipv4Repr.FromPacket(quoted),
                    QuotedPayload = BinaryPrimitives.ReadUInt64BigEndian(quotedPayload),
                };
                return true;
            default:
                error = WireError.UnsupportedIcmpMessage;
                return false;
        }
    }

    /// <summary>Writes the message with its checksum; <paramref name="echoData"/> is used for echo messages only.
    /// Returns the message length.</summary>
    public int Emit(Span<byte> destination, ReadOnlySpan<byte> echoData)
    {
        var length = BufferLength(echoData.Length);
        var message = destination[..length];
        message[0] = (byte)Message;
        message[1] = Code;
        message[2] = 0;
        message[3] = 0;
        if (IsEcho)
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
