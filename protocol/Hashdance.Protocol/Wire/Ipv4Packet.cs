using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// Read-only view of an IPv4 packet (RFC 791 §3.1). <see cref="TryParse"/> guarantees the header and the
/// declared total length lie inside the buffer, so every getter is in range.
/// </summary>
public readonly ref struct Ipv4Packet
{
    public const int MinHeaderLength = 20;

    private readonly ReadOnlySpan<byte> _buffer;

    private Ipv4Packet(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    /// <summary>Checks version, IHL and total length against <paramref name="buffer"/>, which may be longer than
    /// the packet (Ethernet padding). Does not verify the checksum or reject fragments.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out Ipv4Packet packet, out WireError error)
    {
        packet = default;
        if (!TryParseHeader(buffer, out var headerLength, out error)) return false;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (totalLength < headerLength || totalLength > buffer.Length)
        {
            error = WireError.BadTotalLength;
            return false;
        }
        packet = new Ipv4Packet(buffer);
        return true;
    }

    /// <summary>Like <see cref="TryParse"/> but only requires the header itself to be present: for the truncated
    /// datagram quoted inside an ICMP error (RFC 792), whose total length exceeds what was quoted.</summary>
    public static bool TryParseQuoted(ReadOnlySpan<byte> buffer, out Ipv4Packet packet, out WireError error)
    {
        packet = default;
        if (!TryParseHeader(buffer, out var headerLength, out error)) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]) < headerLength)
        {
            error = WireError.BadTotalLength;
            return false;
        }
        packet = new Ipv4Packet(buffer);
        return true;
    }

    private static bool TryParseHeader(ReadOnlySpan<byte> buffer, out int headerLength, out WireError error)
    {
        headerLength = 0;
        if (buffer.Length < MinHeaderLength)
        {
            error = WireError.Truncated;
            return false;
        }
        if (buffer[0] >> 4 != 4)
        {
            error = WireError.BadVersion;
            return false;
        }
        headerLength = (buffer[0] & 0xF) * 4;
        if (headerLength < MinHeaderLength)
        {
            error = WireError.BadHeaderLength;
            return false;
        }
        if (headerLength > buffer.Length)
        {
            error = WireError.Truncated;
            return false;
        }
        error = WireError.None;
        return true;
    }

    public ReadOnlySpan<byte> Buffer => _buffer;
    public int Version => _buffer[0] >> 4;

    /// <summary>IHL × 4, in bytes (20 without options).</summary>
    public int HeaderLength => (_buffer[0] & 0xF) * 4;

    public int OptionsLength => HeaderLength - MinHeaderLength;
    public ReadOnlySpan<byte> Options => _buffer[MinHeaderLength..HeaderLength];

    /// <summary>The whole TOS byte (DSCP &lt;&lt; 2 | ECN).</summary>
    public byte Tos => _buffer[1];
    public byte Dscp => (byte)(_buffer[1] >> 2);
    public byte Ecn => (byte)(_buffer[1] & 3);
    public ushort TotalLength => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]);
    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]);
    public bool DontFragment => (_buffer[6] & 0x40) != 0;
    public bool MoreFragments => (_buffer[6] & 0x20) != 0;

    /// <summary>Fragment offset in bytes (the field counts 8-byte units).</summary>
    public int FragmentOffset => (BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]) & 0x1FFF) * 8;

    /// <summary>Mirrors ip_is_fragment(): MF set or a non-zero offset.</summary>
    public bool IsFragment => (BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]) & 0x3FFF) != 0;

    public byte Ttl => _buffer[8];
    public IpProtocol Protocol => (IpProtocol)_buffer[9];
    public ushort HeaderChecksum => BinaryPrimitives.ReadUInt16BigEndian(_buffer[10..]);
    public Ipv4Address Source => Ipv4Address.Read(_buffer[12..]);
    public Ipv4Address Destination => Ipv4Address.Read(_buffer[16..]);

    public bool VerifyChecksum() => InternetChecksum.Verify(_buffer[..HeaderLength]);

    /// <summary>The payload, trimmed to the total length (drops Ethernet padding). For a quoted header the
    /// payload is whatever was quoted.</summary>
    public ReadOnlySpan<byte> Payload => _buffer[HeaderLength..Math.Min(TotalLength, _buffer.Length)];
}
