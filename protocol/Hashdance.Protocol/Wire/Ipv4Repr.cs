using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// A validated IPv4 header. Parsing rejects fragments (<see cref="WireError.Fragmented"/>) and bad checksums; IP
/// options are accepted and their length reported in <see cref="OptionsLength"/>, but <see cref="Emit"/> never
/// writes options (Linux sends none on its own TCP segments).
/// </summary>
public readonly record struct Ipv4Repr
{
    public const int HeaderLength = Ipv4Packet.MinHeaderLength;

    public Ipv4Address Source { get; init; }
    public Ipv4Address Destination { get; init; }
    public IpProtocol Protocol { get; init; }

    /// <summary>Bytes after the header (total length − header length).</summary>
    public int PayloadLength { get; init; }

    public byte Ttl { get; init; }

    /// <summary>DSCP &lt;&lt; 2 | ECN.</summary>
    public byte Tos { get; init; }

    public ushort Identification { get; init; }
    public bool DontFragment { get; init; }

    /// <summary>Bytes of IP options present on the parsed packet (0 for an emitted header).</summary>
    public int OptionsLength { get; init; }

    public byte Dscp => (byte)(Tos >> 2);
    public byte Ecn => (byte)(Tos & 3);

    public static bool TryParse(ReadOnlySpan<byte> buffer, out Ipv4Repr repr, out WireError error)
    {
        repr = default;
        if (!Ipv4Packet.TryParse(buffer, out var packet, out error)) return false;
        return TryParse(packet, out repr, out error);
    }

    /// <summary>Validates a view: checksum (as ip_rcv_core does) and fragments.</summary>
    public static bool TryParse(Ipv4Packet packet, out Ipv4Repr repr, out WireError error)
    {
        repr = IsReceivable(packet, out error) ? FromPacket(packet) : default;
        return error == WireError.None;
    }

    /// <summary>The checks of <see cref="TryParse(Ipv4Packet, out Ipv4Repr, out WireError)"/> without building
    /// the repr: the header checksum (ip_rcv_core) and no fragment (there is no reassembly).</summary>
    internal static bool IsReceivable(Ipv4Packet packet, out WireError error)
    {
        if (!packet.VerifyChecksum())
        {
            error = WireError.BadChecksum;
            return false;
        }
        if (packet.IsFragment)
        {
            error = WireError.Fragmented;
            return false;
        }
        error = WireError.None;
        return true;
    }

    /// <summary>Reads the header fields of a view without validation (used for ICMP-quoted headers).</summary>
    public static Ipv4Repr FromPacket(Ipv4Packet packet) => new()
    {
        Source = packet.Source,
        Destination = packet.Destination,
        Protocol = packet.Protocol,
        PayloadLength = packet.TotalLength - packet.HeaderLength,
        Ttl = packet.Ttl,
        Tos = packet.Tos,
        Identification = packet.Identification,
        DontFragment = packet.DontFragment,
        OptionsLength = packet.OptionsLength,
    };

    /// <summary>Writes a 20-byte header with a computed checksum; returns <see cref="HeaderLength"/>.</summary>
    /// <remarks>The checksum is summed from the field values (the nine non-checksum words, as ip_send_check would
    /// find them), not by re-reading the bytes just written: wide loads of fresh narrow stores stall on store
    /// forwarding.</remarks>
    public int Emit(Span<byte> destination)
    {
        var header = destination[..HeaderLength];
        var versionAndTos = (ushort)(0x4500 | Tos);
        var totalLength = (ushort)(HeaderLength + PayloadLength);
        var fragmentWord = DontFragment ? (ushort)0x4000 : (ushort)0;
        var ttlAndProtocol = (ushort)(Ttl << 8 | (byte)Protocol);
        var sum = (uint)versionAndTos + totalLength + Identification + fragmentWord + ttlAndProtocol
                  + InternetChecksum.WordSum(Source.Value) + InternetChecksum.WordSum(Destination.Value);
        BinaryPrimitives.WriteUInt16BigEndian(header, versionAndTos);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], Identification);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], fragmentWord);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], ttlAndProtocol);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Finish(sum));
        Source.Write(header[12..]);
        Destination.Write(header[16..]);
        return HeaderLength;
    }
}
