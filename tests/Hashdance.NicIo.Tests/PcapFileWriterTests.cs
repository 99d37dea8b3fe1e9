namespace Hashdance.NicIo.Tests;

public sealed class PcapFileWriterTests
{
    [Fact]
    public void Global_header_is_byte_exact_classic_pcap_microsecond_ethernet()
    {
        var stream = new MemoryStream();
        using (new PcapFileWriter(stream, leaveOpen: true))
        {
        }

        byte[] expected =
        [
            0xD4, 0xC3, 0xB2, 0xA1, // magic a1b2c3d4, little-endian
            0x02, 0x00, 0x04, 0x00, // version 2.4
            0x00, 0x00, 0x00, 0x00, // thiszone
            0x00, 0x00, 0x00, 0x00, // sigfigs
            0x00, 0x00, 0x04, 0x00, // snaplen 262144
            0x01, 0x00, 0x00, 0x00, // LINKTYPE_ETHERNET
        ];
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Record_header_carries_seconds_microseconds_and_both_lengths()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapFileWriter(stream, leaveOpen: true))
        {
            writer.Write([0xAA, 0xBB, 0xCC], timestampMicros: 1_700_000_123_456_789);
            Assert.Equal(1, writer.RecordsWritten);
        }

        byte[] expected =
        [
            0x7B, 0xF1, 0x53, 0x65, // ts_sec 1700000123 = 0x6553F17B
            0x55, 0xF8, 0x06, 0x00, // ts_usec 456789 = 0x0006F855
            0x03, 0x00, 0x00, 0x00, // incl_len
            0x03, 0x00, 0x00, 0x00, // orig_len
            0xAA, 0xBB, 0xCC,
        ];
        Assert.Equal(expected, stream.ToArray()[24..]);
    }

    [Fact]
    public void Frames_longer_than_the_snaplen_are_truncated_keeping_the_original_length()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapFileWriter(stream, leaveOpen: true))
            writer.Write(new byte[PcapFileWriter.SnapLength + 10], 0);

        stream.Position = 0;
        using var reader = PcapFileReader.Open(stream);
        var record = Assert.Single(reader.ReadAll());
        Assert.Equal((uint)PcapFileWriter.SnapLength, record.CapturedLength);
        Assert.Equal((uint)PcapFileWriter.SnapLength + 10, record.OriginalLength);
        Assert.Equal(PcapFileWriter.SnapLength, record.Data.Length);
    }

    [Fact]
    public void Timestamps_outside_the_pcap_range_are_refused()
    {
        using var writer = new PcapFileWriter(new MemoryStream());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write([1], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write([1], (uint.MaxValue + 1L) * 1_000_000));
        Assert.Equal(0, writer.RecordsWritten);
    }

    [Fact]
    public void Each_record_is_flushed_as_it_is_written()
    {
        var stream = new FlushCountingStream();
        using var writer = new PcapFileWriter(stream);
        var afterHeader = stream.Flushes;
        writer.Write([1, 2], 0);
        writer.Write([3], 0);
        Assert.Equal(afterHeader + 2, stream.Flushes);
    }

    [Fact]
    public void Concurrent_writers_never_interleave_records()
    {
        var stream = new MemoryStream();
        const int perThread = 2000;
        using (var writer = new PcapFileWriter(stream, leaveOpen: true))
        {
            var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    var frame = new byte[60 + i % 40];
                    Array.Fill(frame, (byte)(t + 1));
                    writer.Write(frame, i);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Equal(2 * perThread, writer.RecordsWritten);
        }

        stream.Position = 0;
        using var reader = PcapFileReader.Open(stream);
        var records = reader.ReadAll().ToList();
        Assert.Equal(2 * perThread, records.Count);
        Assert.All(records, r => Assert.True(r.Data.All(b => b == r.Data[0]), "a record mixes bytes of two frames"));
        Assert.Equal(perThread, records.Count(r => r.Data[0] == 1));
        Assert.Equal(perThread, records.Count(r => r.Data[0] == 2));
    }

    [Fact]
    public void Write_after_dispose_throws_and_double_dispose_is_harmless()
    {
        var stream = new MemoryStream();
        var writer = new PcapFileWriter(stream);
        writer.Dispose();
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Write([1], 0));
        Assert.False(stream.CanWrite); // the writer owned the stream
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }
    }
}
