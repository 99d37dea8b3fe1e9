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
        if (!TcpPacket.TryParse(segment, out var packet, out error)) { repr = default; return false; }
        if (!packet.VerifyChecksum(source, destination))
        {
            repr = default;
            error = WireError.BadChecksum;
            return false;
        }
        FromPacket(packet, settings, out repr);
        return true;
    }

    /// <summary>Reads a view without checksum verification, parsing options with <paramref name="settings"/>.</summary>
    public static TcpRepr FromPacket(TcpPacket packet, in TcpParseSettings settings)
    {
        FromPacket(packet, settings, out var repr);
        return repr;
    }

    /// <summary><see cref="FromPacket(TcpPacket, in TcpParseSettings)"/> writing into <paramref name="repr"/>.</summary>
    public static void FromPacket(TcpPacket packet, in TcpParseSettings settings, out TcpRepr repr)
    {
        TcpOptions.Parse(packet.Options, (packet.Flags & TcpFlags.Syn) != 0, settings, out var options);
        FromPacket(packet, options, out repr);
    }

    /// <summary>The header fields of <paramref name="packet"/> with options already parsed from it.</summary>
    internal static void FromPacket(TcpPacket packet, in TcpOptions options, out TcpRepr repr)
    {
        options.ToOptionSet(out var set);
        repr = new TcpRepr
        {
            SourcePort = packet.SourcePort,
            DestinationPort = packet.DestinationPort,
            SequenceNumber = packet.SequenceNumber,
            AckNumber = packet.AckNumber,
            Flags = packet.Flags,
            Window = packet.Window,
            UrgentPointer = packet.UrgentPointer,
            Options = set,
            PayloadOffset = packet.HeaderLength,
            PayloadLength = packet.Payload.Length,
        };
    }

    /// <summary>Writes header, options and <paramref name="payload"/> into <paramref name="segment"/> and fills
    /// the checksum over the pseudo-header; returns the segment length. <paramref name="payload"/> may already lie
    /// at its final place in <paramref name="segment"/> (the copy is overlap-safe).</summary>
    /// <remarks>The checksum is summed from the field values, the option words as written (4-byte loads of
    /// 4-byte stores, which the CPU forwards) and the payload before it is copied, instead of re-reading the fresh
    /// header with wide vector loads, which would stall on store forwarding. Linux likewise sums the payload while
    /// copying it (csum_partial_copy_nocheck) rather than afterwards.</remarks>
    public int Emit(Span<byte> segment, Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload)
    {
        var headerLength = HeaderLength;
        var length = headerLength + payload.Length;
        var output = segment[..length];
        // The payload starts at a multiple of 4, so its sum adds in without a byte swap (RFC 1071 §2(B)).
        ulong sum = InternetChecksum.Sum(payload);
        payload.CopyTo(output[headerLength..]);
        var offsetAndFlags = (ushort)((headerLength / 4) << 12 | ((ushort)Flags & 0x1FF));
        BinaryPrimitives.WriteUInt16BigEndian(output, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(output[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], SequenceNumber.Value);
        BinaryPrimitives.WriteUInt32BigEndian(output[8..], AckNumber.Value);
        BinaryPrimitives.WriteUInt16BigEndian(output[12..], offsetAndFlags);
        BinaryPrimitives.WriteUInt16BigEndian(output[14..], Window);
        BinaryPrimitives.WriteUInt16BigEndian(output[18..], UrgentPointer);
        var optionBytes = output[TcpPacket.MinHeaderLength..headerLength];
        var options = Options;
        TcpOptionWriter.Write(options, optionBytes);
        sum += (uint)SourcePort + DestinationPort + InternetChecksum.WordSum(SequenceNumber.Value)
               + InternetChecksum.WordSum(AckNumber.Value) + offsetAndFlags + Window + UrgentPointer
               + InternetChecksum.PseudoHeaderSum(source, destination, (byte)IpProtocol.Tcp, length);
        for (var i = 0; i < optionBytes.Length; i += 4)
            sum += InternetChecksum.WordSum(BinaryPrimitives.ReadUInt32BigEndian(optionBytes[i..]));
        BinaryPrimitives.WriteUInt16BigEndian(output[16..], InternetChecksum.Finish(InternetChecksum.Fold(sum)));
        return length;
    }
}
