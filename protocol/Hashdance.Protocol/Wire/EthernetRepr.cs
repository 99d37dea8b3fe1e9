using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>The fields of an Ethernet II header.</summary>
public readonly record struct EthernetRepr(MacAddress Source, MacAddress Destination, EtherType EtherType)
{
    public const int HeaderLength = EthernetFrame.HeaderLength;

    public static bool TryParse(ReadOnlySpan<byte> buffer, out EthernetRepr repr, out WireError error)
    {
        if (!EthernetFrame.TryParse(buffer, out var frame, out error))
        {
            repr = default;
            return false;
        }
        repr = FromFrame(frame);
        return true;
    }

    public static EthernetRepr FromFrame(EthernetFrame frame) => new(frame.Source, frame.Destination, frame.EtherType);

    /// <summary>Writes the 14-byte header; returns <see cref="HeaderLength"/>.</summary>
    public int Emit(Span<byte> destination)
    {
        var header = destination[..HeaderLength];
        Destination.Write(header);
        Source.Write(header[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], (ushort)EtherType);
        return HeaderLength;
    }
}
