using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>Read-only view of an ICMPv4 message (RFC 792): the 8-byte header and the data after it.</summary>
public readonly ref struct IcmpV4Packet
{
    public const int HeaderLength = 8;

    /// <summary>ICMP_FRAG_NEEDED: the destination-unreachable code that carries a next-hop MTU (RFC 1191).</summary>
    public const byte CodeFragmentationNeeded = 4;

    private readonly ReadOnlySpan<byte> _buffer;

    private IcmpV4Packet(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    /// <param name="message">Exactly the ICMP message (the IPv4 payload).</param>
    public static bool TryParse(ReadOnlySpan<byte> message, out IcmpV4Packet packet, out WireError error)
    {
        if (message.Length < HeaderLength)
        {
            packet = default;
            error = WireError.Truncated;
            return false;
        }
        packet = new IcmpV4Packet(message);
        error = WireError.None;
        return true;
    }

    public ReadOnlySpan<byte> Buffer => _buffer;
    public byte Type => _buffer[0];
    public byte Code => _buffer[1];
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]);

    /// <summary>Echo identifier (bytes 4–5).</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]);

    /// <summary>Echo sequence number (bytes 6–7).</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]);

    /// <summary>Next-hop MTU of a fragmentation-needed message (bytes 6–7, RFC 1191 §4).</summary>
    public ushort NextHopMtu => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]);

    /// <summary>Echo data, or the quoted datagram of an error message.</summary>
    public ReadOnlySpan<byte> Data => _buffer[HeaderLength..];

    public bool VerifyChecksum() => InternetChecksum.Verify(_buffer);
}
