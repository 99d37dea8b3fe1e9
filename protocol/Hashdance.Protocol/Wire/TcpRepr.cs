using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// A TCP segment header as the stack reasons about it. Parsing validates the header and the checksum and parses
/// the options with <see cref="TcpOptions.Parse"/>; <see cref="Emit"/> writes header, options (Linux layout),
/// payload and checksum.
/// </summary>
public readonly record struct TcpRepr
{
    public ushort SourcePort { get; init; }
    public ushort DestinationPort { get; init; }
    public SeqNum SequenceNumber { get; init; }
    public SeqNum AckNumber { get; init; }
    public TcpFlags Flags { get; init; }
    public ushort Window { get; init; }
    public ushort UrgentPointer { get; init; }

    /// <summary>The options: the parsed options re-expressed as a set on parse, what to write on emit.</summary>
    public TcpOptionSet Options { get; init; }

    /// <summary>Offset of the payload in the segment (the header length, 20 + options).</summary>
    public int PayloadOffset { get; init; }

    /// <summary>Payload bytes of the parsed segment. On emit the payload span passed in decides.</summary>
    public int PayloadLength { get; init; }

    public bool IsSyn => (Flags & TcpFlags.Syn) != 0;

    /// <summary>Header length this repr emits: 20 + the options, rounded to 4 bytes by construction.</summary>
    public int HeaderLength => TcpPacket.MinHeaderLength + TcpOptionWriter.Length(Options);

    /// <summary>Parses and checks the checksum against the IPv4 pseudo-header of
    /// <paramref name="source"/> → <paramref name="destination"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> segment, Ipv4Address source, Ipv4Address destination,
        in TcpParseSettings settings, out TcpRepr repr, out WireError error)
    {
        repr = default;
        if (!TcpPacket.TryParse(segment, out var packet, out error)) return false;
        if (!packet.VerifyChecksum(source, destination))
        {
            error = WireError.BadChecksum;
            return false;
        }
        repr = FromPacket(packet, settings);
        return true;
    }

    /// <summary>Reads a view without checksum verification, parsing options with <paramref name="settings"/>.</summary>
    public static TcpRepr FromPacket(TcpPacket packet, in TcpParseSettings settings)
    {
        var flags = packet.Flags;
        var options = TcpOptions.Parse(packet.Options, (flags & TcpFlags.Syn) != 0, settings);
        return new TcpRepr
        {
            SourcePort = packet.SourcePort,
            DestinationPort = packet.DestinationPort,
            SequenceNumber = packet.SequenceNumber,
            AckNumber = packet.AckNumber,
            Flags = flags,
            Window = packet.Window,
            UrgentPointer = packet.UrgentPointer,
            Options = options.ToOptionSet(),
            PayloadOffset = packet.HeaderLength,
            PayloadLength = packet.Payload.Length,
        };
    }

    /// <summary>Writes header, options and <paramref name="payload"/> into <paramref name="segment"/> and fills
    /// the checksum over the pseudo-header; returns the segment length. <paramref name="payload"/> may already lie
    /// at its final place in <paramref name="segment"/> (the copy is overlap-safe).</summary>
    public int Emit(Span<byte> segment, Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload)
    {
        var headerLength = HeaderLength;
        var length = headerLength + payload.Length;
        var output = segment[..length];
        payload.CopyTo(output[headerLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(output, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(output[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], SequenceNumber.Value);
        BinaryPrimitives.WriteUInt32BigEndian(output[8..], AckNumber.Value);
        BinaryPrimitives.WriteUInt16BigEndian(output[12..], (ushort)((headerLength / 4) << 12 | ((ushort)Flags & 0x1FF)));
        BinaryPrimitives.WriteUInt16BigEndian(output[14..], Window);
        output[16] = 0;
        output[17] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(output[18..], UrgentPointer);
        var options = Options;
        TcpOptionWriter.Write(options, output[TcpPacket.MinHeaderLength..headerLength]);
        var pseudo = InternetChecksum.PseudoHeaderSum(source, destination, (byte)IpProtocol.Tcp, length);
        BinaryPrimitives.WriteUInt16BigEndian(output[16..], InternetChecksum.Compute(output, pseudo));
        return length;
    }
}
