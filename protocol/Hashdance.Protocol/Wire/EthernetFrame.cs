using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>Read-only view of an Ethernet II frame (no FCS). Build one with <see cref="TryParse"/>.</summary>
public readonly ref struct EthernetFrame
{
    public const int HeaderLength = 14;

    private readonly ReadOnlySpan<byte> _buffer;

    private EthernetFrame(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    /// <summary>Wraps <paramref name="buffer"/> if it holds at least a full header.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out EthernetFrame frame, out WireError error)
    {
        if (buffer.Length < HeaderLength)
        {
            frame = default;
            error = WireError.Truncated;
            return false;
        }
        frame = new EthernetFrame(buffer);
        error = WireError.None;
        return true;
    }

    public ReadOnlySpan<byte> Buffer => _buffer;
    public MacAddress Destination => MacAddress.Read(_buffer);
    public MacAddress Source => MacAddress.Read(_buffer[6..]);
    public EtherType EtherType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_buffer[12..]);

    /// <summary>Everything after the header, including any padding up to the 60-byte minimum frame.</summary>
    public ReadOnlySpan<byte> Payload => _buffer[HeaderLength..];
}
