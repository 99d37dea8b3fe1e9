using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>Big-endian reads that yield null past the captured bytes, the way tcpdump's GET_ macros refuse to
/// read beyond the snapshot end.</summary>
internal readonly ref struct CapturedReader(ReadOnlySpan<byte> captured)
{
    private readonly ReadOnlySpan<byte> _captured = captured;

    public byte? U8(int offset) => offset >= 0 && offset < _captured.Length ? _captured[offset] : null;

    public ushort? U16(int offset) =>
        Has(offset, 2) ? BinaryPrimitives.ReadUInt16BigEndian(_captured[offset..]) : null;

    public uint? U32(int offset) =>
        Has(offset, 4) ? BinaryPrimitives.ReadUInt32BigEndian(_captured[offset..]) : null;

    public string? Address(int offset) => Has(offset, 4) ? Ipv4Address.Read(_captured[offset..]).ToString() : null;

    private bool Has(int offset, int count) => offset >= 0 && offset + count <= _captured.Length;
}
