using System.Buffers.Binary;
using Hashdance.NicIo;

namespace Hashdance.Cli.Tests.Infrastructure;

/// <summary>
/// A capture written to a temporary file, deleted on dispose. Frames go through the project's
/// <see cref="PcapFileWriter"/>; records whose captured length is below the wire length (a snapshot cut) are
/// appended by hand after it, as the writer keeps whole frames.
/// </summary>
internal sealed class CaptureFile : IDisposable
{
    public const long FirstTimestamp = 1_700_000_000_000_000;

    private CaptureFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>One record per frame, 1 ms apart.</summary>
    public static CaptureFile Write(IEnumerable<byte[]> frames) =>
        WriteRecords(frames.Select(f => new Record(f, f.Length)));

    public static CaptureFile WriteRecords(IEnumerable<Record> records)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hashdance-cli-{Guid.NewGuid():N}.pcap");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using (var writer = new PcapFileWriter(stream, leaveOpen: true))
        {
            var timestamp = FirstTimestamp;
            var header = new byte[16];
            foreach (var record in records)
            {
                timestamp += 1000;
                if (record.WireLength == record.Captured.Length)
                {
                    writer.Write(record.Captured, timestamp);
                    continue;
                }
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(), (uint)(timestamp / 1_000_000));
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(timestamp % 1_000_000));
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)record.Captured.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)record.WireLength);
                stream.Write(header);
                stream.Write(record.Captured);
            }
        }
        return new CaptureFile(path);
    }

    /// <summary>A file with exactly <paramref name="bytes"/> (for malformed files).</summary>
    public static CaptureFile WriteBytes(byte[] bytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hashdance-cli-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, bytes);
        return new CaptureFile(path);
    }

    public byte[] ReadAllBytes() => File.ReadAllBytes(Path);

    public void Dispose() => File.Delete(Path);

    /// <summary>A frame of which only the first <see cref="Captured"/> bytes were kept, of <see cref="WireLength"/>.</summary>
    public sealed record Record(byte[] Captured, int WireLength)
    {
        public static Record Cut(byte[] frame, int captured) => new(frame[..captured], frame.Length);
    }
}
