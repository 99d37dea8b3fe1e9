using System.Buffers.Binary;

namespace Hashdance.NicIo;

/// <summary>
/// Writes a classic libpcap capture (magic 0xa1b2c3d4, microsecond timestamps, version 2.4, LINKTYPE_ETHERNET,
/// snaplen 262144), little-endian, readable by tcpdump, tshark and <see cref="PcapFileReader"/>. Each record is
/// flushed as it is written so that a capture survives a crash and can be tailed. Safe to call from several threads
/// (a link's send and receive paths write concurrently); records never interleave.
/// </summary>
public sealed class PcapFileWriter : IDisposable
{
    public const int SnapLength = PcapFormat.MaxSnapLength;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly object _gate = new();
    private long _records;
    private bool _disposed;

    /// <summary>Writes the global header to <paramref name="stream"/> at once.</summary>
    public PcapFileWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _leaveOpen = leaveOpen;
        Span<byte> header = stackalloc byte[PcapFormat.GlobalHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, PcapFormat.MagicMicroseconds);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], PcapFormat.VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], PcapFormat.VersionMinor);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0); // thiszone: timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs: always 0 in practice
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], PcapFormat.LinkTypeEthernet);
        _stream.Write(header);
        _stream.Flush();
    }

    public static PcapFileWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));

    public long RecordsWritten => Interlocked.Read(ref _records);

    /// <summary>
    /// Appends one frame stamped <paramref name="timestampMicros"/> (microseconds since the Unix epoch). Frames longer
    /// than <see cref="SnapLength"/> are truncated, keeping their original length in the record header.
    /// </summary>
    public void Write(ReadOnlySpan<byte> frame, long timestampMicros)
    {
        var seconds = timestampMicros / 1_000_000;
        if (timestampMicros < 0 || seconds > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(timestampMicros), timestampMicros, "A pcap timestamp must be between 0 and 2^32 seconds after the epoch.");
        var captured = Math.Min(frame.Length, SnapLength);
        Span<byte> header = stackalloc byte[PcapFormat.RecordHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(timestampMicros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)captured);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)frame.Length);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _stream.Write(header);
            _stream.Write(frame[..captured]);
            _stream.Flush();
            _records++;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Flush();
            if (!_leaveOpen) _stream.Dispose();
        }
    }
}
