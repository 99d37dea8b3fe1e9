using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// Read-only view of a TCP segment (RFC 9293 §3.1). <see cref="TryParse"/> applies the header checks of tcp_v4_rcv
/// (20 bytes present, doff ≥ 5, doff × 4 bytes present), so every getter is in range.
/// </summary>
public readonly ref struct TcpPacket
{
    public const int MinHeaderLength = 20;
    public const int MaxOptionsLength = 40;

    private readonly ReadOnlySpan<byte> _buffer;

    private TcpPacket(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    /// <param name="segment">Exactly the TCP segment (the IPv4 payload, already trimmed to the total length).</param>
    public static bool TryParse(ReadOnlySpan<byte> segment, out TcpPacket packet, out WireError error)
    {
        packet = default;
        if (segment.Length < MinHeaderLength)
        {
            error = WireError.Truncated;
            return false;
        }
        var headerLength = (segment[12] >> 4) * 4;
        if (headerLength < MinHeaderLength)
        {
            error = WireError.BadDataOffset;
            return false;
        }
        if (headerLength > segment.Length)
        {
            error = WireError.Truncated;
            return false;
        }
        packet = new TcpPacket(segment);
        error = WireError.None;
        return true;
    }

    public ReadOnlySpan<byte> Buffer => _buffer;
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_buffer);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]);
    public SeqNum SequenceNumber => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer[4..]));
    public SeqNum AckNumber => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer[8..]));

    /// <summary>The data offset field, in 32-bit words.</summary>
    public int DataOffset => _buffer[12] >> 4;

    public int HeaderLength => DataOffset * 4;
    public TcpFlags Flags => (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(_buffer[12..]) & 0x1FF);
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_buffer[14..]);
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_buffer[16..]);
    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_buffer[18..]);
    public ReadOnlySpan<byte> Options => _buffer[MinHeaderLength..HeaderLength];
    public ReadOnlySpan<byte> Payload => _buffer[HeaderLength..];

    /// <summary>Sequence space the segment occupies: payload plus one each for SYN and FIN (TCP_SKB_CB end_seq).</summary>
    public int SegmentLength => Payload.Length + ((Flags & TcpFlags.Syn) != 0 ? 1 : 0) + ((Flags & TcpFlags.Fin) != 0 ? 1 : 0);

    /// <summary>Verifies the checksum over the IPv4 pseudo-header and the whole segment (tcp_v4_checksum_init).</summary>
    public bool VerifyChecksum(Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Verify(_buffer, InternetChecksum.PseudoHeaderSum(source, destination, (byte)IpProtocol.Tcp, _buffer.Length));
}
