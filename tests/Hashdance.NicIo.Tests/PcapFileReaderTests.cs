using System.Buffers.Binary;

namespace Hashdance.NicIo.Tests;

public sealed class PcapFileReaderTests
{
    /// <summary>Lays out a classic pcap file by hand, in either byte order, so the reader is not only tested against our writer.</summary>
    private static byte[] HandMadeCapture(bool bigEndian, uint magic, uint linkType = 1, uint snapLength = 65535, ushort major = 2,
        params (uint Seconds, uint Fraction, byte[] Data)[] records)
    {
        var bytes = new List<byte>();
        void U32(uint v)
        {
            var b = new byte[4];
            if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v);
            else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            bytes.AddRange(b);
        }
        void U16(ushort v)
        {
            var b = new byte[2];
            if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v);
            else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            bytes.AddRange(b);
        }
        U32(magic);
        U16(major);
        U16(4);
        U32(0);
        U32(0);
        U32(snapLength);
        U32(linkType);
        foreach (var (seconds, fraction, data) in records)
        {
            U32(seconds);
            U32(fraction);
            U32((uint)data.Length);
            U32((uint)data.Length + 4);
            bytes.AddRange(data);
        }
        return [.. bytes];
    }

    private static PcapError OpenError(byte[] file)
    {
        Assert.False(PcapFileReader.TryOpen(new MemoryStream(file), out var reader, out var error));
        Assert.Null(reader);
        var thrown = Assert.Throws<PcapFormatException>(() => PcapFileReader.Open(new MemoryStream(file)));
        Assert.Equal(error, thrown.Error);
        Assert.Equal(error.Message, thrown.Message);
        return error;
    }

    private static (List<PcapRecord> Good, PcapError Error) RecordError(byte[] file)
    {
        using var reader = PcapFileReader.Open(new MemoryStream(file));
        var good = new List<PcapRecord>();
        PcapRecord? record;
        PcapError? error;
        while (reader.TryReadNext(out record, out error)) good.Add(record);
        Assert.NotNull(error);
        Assert.False(reader.TryReadNext(out record, out var again)); // the failure sticks
        Assert.Same(error, again);
        var thrown = Assert.Throws<PcapFormatException>(() => PcapFileReader.Open(new MemoryStream(file)).ReadAll().ToList());
        Assert.Equal(error, thrown.Error);
        return (good, error);
    }

    [Fact]
    public void Round_trip_through_our_writer_keeps_frames_timestamps_and_lengths()
    {
        var frames = TcpFrameBuilder.Handshake();
        var stream = new MemoryStream();
        using (var writer = new PcapFileWriter(stream, leaveOpen: true))
        {
            for (var i = 0; i < frames.Count; i++) writer.Write(frames[i], 1_700_000_000_000_000L + i * 1_000_001L);
        }

        stream.Position = 0;
        using var reader = PcapFileReader.Open(stream);
        Assert.False(reader.IsBigEndian);
        Assert.False(reader.IsNanosecond);
        Assert.Equal(2, reader.VersionMajor);
        Assert.Equal(4, reader.VersionMinor);
        Assert.Equal(262144u, reader.SnapLength);
        Assert.Equal(1u, reader.LinkType);
        var records = reader.ReadAll().ToList();

        Assert.Equal(frames.Count, records.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(i + 1, records[i].Number);
            Assert.Equal(frames[i], records[i].Data);
            Assert.Equal((uint)frames[i].Length, records[i].CapturedLength);
            Assert.Equal((uint)frames[i].Length, records[i].OriginalLength);
            Assert.Equal(1_700_000_000_000_000L + i * 1_000_001L, records[i].TimestampMicros);
            Assert.Equal(1_700_000_000u + (uint)i, records[i].TimestampSeconds);
            Assert.Equal((uint)i, records[i].TimestampFraction);
        }
    }

    [Theory]
    [InlineData(false, 0xA1B2C3D4u, false)]
    [InlineData(true, 0xA1B2C3D4u, false)]
    [InlineData(false, 0xA1B23C4Du, true)]
    [InlineData(true, 0xA1B23C4Du, true)]
    public void Reads_both_byte_orders_and_both_timestamp_resolutions(bool bigEndian, uint magic, bool nanosecond)
    {
        var file = HandMadeCapture(bigEndian, magic, records: [(1000, 123_456_789 % (nanosecond ? 1_000_000_000u : 1_000_000u), [1, 2, 3]), (1001, 7_000, [4])]);

        using var reader = PcapFileReader.Open(new MemoryStream(file));
        Assert.Equal(bigEndian, reader.IsBigEndian);
        Assert.Equal(nanosecond, reader.IsNanosecond);
        Assert.Equal(65535u, reader.SnapLength);
        var records = reader.ReadAll().ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, records[0].Data);
        Assert.Equal(3u, records[0].CapturedLength);
        Assert.Equal(7u, records[0].OriginalLength);
        Assert.Equal(nanosecond ? 1000_123_456L : 1000_456_789L, records[0].TimestampMicros);
        Assert.Equal(nanosecond ? 1001_000_007L : 1001_007_000L, records[1].TimestampMicros);
        Assert.Equal(nanosecond, records[1].IsNanosecond);
    }

    [Fact]
    public void Header_only_file_has_no_records()
    {
        using var reader = PcapFileReader.Open(new MemoryStream(HandMadeCapture(false, 0xA1B2C3D4)));
        Assert.False(reader.TryReadNext(out var record, out var error));
        Assert.Null(record);
        Assert.Null(error);
    }

    [Fact]
    public void Empty_file()
    {
        var error = OpenError([]);
        Assert.Equal(PcapErrorKind.EmptyFile, error.Kind);
        Assert.Equal("the capture file is empty (expected a 24-byte pcap global header)", error.Message);
    }

    [Fact]
    public void Bad_magic()
    {
        var error = OpenError([0x12, 0x34, 0x56, 0x78, .. new byte[20]]);
        Assert.Equal(PcapErrorKind.BadMagic, error.Kind);
        Assert.Equal(0, error.Offset);
        Assert.Contains("bad magic number 0x12345678", error.Message);
    }

    [Fact]
    public void Pcapng_is_named_as_such()
    {
        var error = OpenError([0x0A, 0x0D, 0x0D, 0x0A, .. new byte[24]]);
        Assert.Equal(PcapErrorKind.BadMagic, error.Kind);
        Assert.Contains("pcapng", error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(23)]
    public void Truncated_global_header(int length)
    {
        var error = OpenError(HandMadeCapture(false, 0xA1B2C3D4)[..length]);
        Assert.Equal(PcapErrorKind.TruncatedGlobalHeader, error.Kind);
        Assert.Equal($"truncated pcap global header ({length} of 24 bytes)", error.Message);
    }

    [Fact]
    public void Unsupported_version()
    {
        var error = OpenError(HandMadeCapture(false, 0xA1B2C3D4, major: 3));
        Assert.Equal(PcapErrorKind.UnsupportedVersion, error.Kind);
        Assert.Contains("3.4", error.Message);
    }

    [Fact]
    public void Unsupported_link_type_reports_the_link_type()
    {
        var error = OpenError(HandMadeCapture(true, 0xA1B2C3D4, linkType: 113));
        Assert.Equal(PcapErrorKind.UnsupportedLinkType, error.Kind);
        Assert.Equal(113u, error.LinkType);
        Assert.Equal("unsupported link type 113 (only LINKTYPE_ETHERNET = 1 is read)", error.Message);
    }

    [Fact]
    public void Truncated_record_header_after_a_good_record()
    {
        var file = HandMadeCapture(false, 0xA1B2C3D4, records: [(1, 2, [9, 9])]);
        var (good, error) = RecordError([.. file, 1, 2, 3, 4, 5, 6, 7]);

        Assert.Equal([9, 9], Assert.Single(good).Data);
        Assert.Equal(PcapErrorKind.TruncatedRecordHeader, error.Kind);
        Assert.Equal(24 + 16 + 2, error.Offset);
        Assert.Equal("record 2 at offset 42: truncated record header (7 of 16 bytes)", error.Message);
    }

    [Fact]
    public void Truncated_record_data()
    {
        var file = HandMadeCapture(false, 0xA1B2C3D4, records: [(1, 2, new byte[100])]);
        var (good, error) = RecordError(file[..^63]);

        Assert.Empty(good);
        Assert.Equal(PcapErrorKind.TruncatedRecordData, error.Kind);
        Assert.Equal(24, error.Offset);
        Assert.Equal("record 1 at offset 24: truncated record data (37 of 100 captured bytes present)", error.Message);
    }

    [Fact]
    public void Captured_length_beyond_the_snaplen()
    {
        var file = HandMadeCapture(false, 0xA1B2C3D4, snapLength: 64, records: [(1, 2, new byte[65])]);
        var (_, error) = RecordError(file);

        Assert.Equal(PcapErrorKind.CaptureLengthTooLarge, error.Kind);
        Assert.Equal("record 1 at offset 24: captured length 65 exceeds the snapshot length 64", error.Message);
    }

    [Fact]
    public void Unreasonable_captured_length_is_refused_without_allocating_it()
    {
        var file = HandMadeCapture(false, 0xA1B2C3D4, snapLength: 0, records: [(1, 2, [1])]);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(24 + 8), 0xFFFF_FFF0);
        var (_, error) = RecordError(file);

        Assert.Equal(PcapErrorKind.CaptureLengthTooLarge, error.Kind);
        Assert.Equal("record 1 at offset 24: captured length 4294967280 exceeds the snapshot length 262144", error.Message);
    }

    [Fact]
    public void Open_by_path_reads_a_file_and_dispose_closes_it()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var writer = PcapFileWriter.Create(path)) writer.Write([1, 2, 3, 4], 5_000_001);
            using (var reader = PcapFileReader.Open(path))
            {
                var record = Assert.Single(reader.ReadAll());
                Assert.Equal(5_000_001, record.TimestampMicros);
            }
            File.Delete(path); // would fail on some platforms if the reader kept it open
            Assert.False(File.Exists(path));
        }
        finally
        {
            if (File.Exists(path)) File.Delete(path);
        }
    }
}
