using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Hashdance.NicIo;

/// <summary>
/// Reads classic libpcap captures of Ethernet frames in either byte order, with microsecond (0xa1b2c3d4) or
/// nanosecond (0xa1b23c4d) timestamps. Malformed input never causes an out-of-range read: the Try forms return a
/// typed <see cref="PcapError"/>, and <see cref="Open(Stream, bool)"/> / <see cref="ReadAll"/> throw it inside a
/// <see cref="PcapFormatException"/>.
/// </summary>
public sealed class PcapFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _recordHeader = new byte[PcapFormat.RecordHeaderLength];
    private long _offset = PcapFormat.GlobalHeaderLength;
    private long _records;
    private PcapError? _failure;

    private PcapFileReader(Stream stream, bool leaveOpen, bool bigEndian, bool nanosecond, ushort major, ushort minor, uint snapLength, uint linkType)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        IsBigEndian = bigEndian;
        IsNanosecond = nanosecond;
        VersionMajor = major;
        VersionMinor = minor;
        SnapLength = snapLength;
        LinkType = linkType;
    }

    /// <summary>Whether the file was written big-endian (by a big-endian host).</summary>
    public bool IsBigEndian { get; }

    public bool IsNanosecond { get; }

    public ushort VersionMajor { get; }

    public ushort VersionMinor { get; }

    public uint SnapLength { get; }

    public uint LinkType { get; }

    public static PcapFileReader Open(string path) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), leaveOpen: false);

    public static PcapFileReader Open(Stream stream, bool leaveOpen = false) =>
        TryOpen(stream, out var reader, out var error, leaveOpen) ? reader : throw new PcapFormatException(error);

    /// <summary>Reads and checks the global header. On failure the stream is disposed unless <paramref name="leaveOpen"/>.</summary>
    public static bool TryOpen(Stream stream, [NotNullWhen(true)] out PcapFileReader? reader, [NotNullWhen(false)] out PcapError? error, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        reader = null;
        error = CheckGlobalHeader(stream, leaveOpen, ref reader);
        if (error is not null && !leaveOpen) stream.Dispose();
        return error is null;
    }

    /// <summary>
    /// Reads the next record. Returns false at the clean end of the file (with <paramref name="error"/> null) or on a
    /// malformed record (with the error); after an error every further call reports the same error.
    /// </summary>
    public bool TryReadNext([NotNullWhen(true)] out PcapRecord? record, out PcapError? error)
    {
        record = null;
        error = _failure;
        if (error is not null) return false;

        var number = _records + 1;
        var got = _stream.ReadAtLeast(_recordHeader, _recordHeader.Length, throwOnEndOfStream: false);
        if (got == 0) return false;
        if (got < _recordHeader.Length)
            return Fail(out error, PcapErrorKind.TruncatedRecordHeader,
                $"record {number} at offset {_offset}: truncated record header ({got} of {PcapFormat.RecordHeaderLength} bytes)");

        var header = _recordHeader.AsSpan();
        var seconds = ReadUInt32(header);
        var fraction = ReadUInt32(header[4..]);
        var captured = ReadUInt32(header[8..]);
        var original = ReadUInt32(header[12..]);
        var limit = SnapLength is > 0 and < PcapFormat.MaxSnapLength ? SnapLength : PcapFormat.MaxSnapLength;
        if (captured > limit)
            return Fail(out error, PcapErrorKind.CaptureLengthTooLarge,
                $"record {number} at offset {_offset}: captured length {captured} exceeds the snapshot length {limit}");

        var data = new byte[captured];
        var read = _stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
            return Fail(out error, PcapErrorKind.TruncatedRecordData,
                $"record {number} at offset {_offset}: truncated record data ({read} of {captured} captured bytes present)");

        _offset += PcapFormat.RecordHeaderLength + captured;
        _records = number;
        record = new PcapRecord(number, seconds, fraction, IsNanosecond, captured, original, data);
        return true;
    }

    /// <summary>Yields every record; throws <see cref="PcapFormatException"/> when it reaches a malformed one.</summary>
    public IEnumerable<PcapRecord> ReadAll()
    {
        while (TryReadNext(out var record, out var error)) yield return record;
        if (_failure is not null) throw new PcapFormatException(_failure);
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private static PcapError? CheckGlobalHeader(Stream stream, bool leaveOpen, ref PcapFileReader? reader)
    {
        Span<byte> header = stackalloc byte[PcapFormat.GlobalHeaderLength];
        var got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got == 0)
            return new PcapError(PcapErrorKind.EmptyFile, 0, "the capture file is empty (expected a 24-byte pcap global header)");
        if (got < 4)
            return TruncatedGlobalHeader(got);

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        bool bigEndian, nanosecond;
        switch (magic)
        {
            case PcapFormat.MagicMicroseconds: bigEndian = false; nanosecond = false; break;
            case PcapFormat.MagicNanoseconds: bigEndian = false; nanosecond = true; break;
            case var m when m == BinaryPrimitives.ReverseEndianness(PcapFormat.MagicMicroseconds): bigEndian = true; nanosecond = false; break;
            case var m when m == BinaryPrimitives.ReverseEndianness(PcapFormat.MagicNanoseconds): bigEndian = true; nanosecond = true; break;
            case PcapFormat.PcapNgBlockType:
                return new PcapError(PcapErrorKind.BadMagic, 0,
                    "this is a pcapng file, not a classic pcap file; convert it with: editcap -F pcap IN OUT");
            default:
                return new PcapError(PcapErrorKind.BadMagic, 0,
                    $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(header):x8}: not a classic pcap file (expected a1b2c3d4 or a1b23c4d, in either byte order)");
        }

        if (got < header.Length)
            return TruncatedGlobalHeader(got);

        var major = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[4..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        var minor = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        var snapLength = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header[16..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var linkType = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header[20..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        if (major != PcapFormat.VersionMajor)
            return new PcapError(PcapErrorKind.UnsupportedVersion, 4, $"unsupported pcap version {major}.{minor} (only 2.x is read)");
        if (linkType != PcapFormat.LinkTypeEthernet)
            return new PcapError(PcapErrorKind.UnsupportedLinkType, 20,
                $"unsupported link type {linkType} (only LINKTYPE_ETHERNET = 1 is read)", linkType);

        reader = new PcapFileReader(stream, leaveOpen, bigEndian, nanosecond, major, minor, snapLength, linkType);
        return null;
    }

    private static PcapError TruncatedGlobalHeader(int got) =>
        new(PcapErrorKind.TruncatedGlobalHeader, 0, $"truncated pcap global header ({got} of {PcapFormat.GlobalHeaderLength} bytes)");

    private uint ReadUInt32(ReadOnlySpan<byte> source) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    private bool Fail(out PcapError? error, PcapErrorKind kind, string message)
    {
        error = _failure = new PcapError(kind, _offset, message);
        return false;
    }
}
