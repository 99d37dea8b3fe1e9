using System.Buffers.Binary;
using Hashdance.Cli.Tests.Infrastructure;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>Unreadable or malformed capture files: one clear line on stderr, a non-zero exit, no stack trace.</summary>
public sealed class DecodeErrorTests
{
    private static CliRunner.Result DecodeBytes(byte[] bytes)
    {
        using var file = CaptureFile.WriteBytes(bytes);
        var result = CliRunner.Run("decode", file.Path);
        CommandLineTests.AssertNoStackTrace(result);
        return result;
    }

    private static byte[] ValidCapture(params byte[][] frames)
    {
        using var file = CaptureFile.Write(frames);
        return file.ReadAllBytes();
    }

    [Fact]
    public void MissingFileIsReported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashdance-missing-{Guid.NewGuid():N}.pcap");
        var result = CliRunner.Run("decode", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hashdance decode: cannot read '{path}': no such file\n", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void MissingDirectoryIsReported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashdance-missing-{Guid.NewGuid():N}", "x.pcap");
        var result = CliRunner.Run("decode", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hashdance decode: cannot read '{path}': no such directory\n", result.StdErr);
    }

    [Fact]
    public void DirectoryIsReportedAsUnreadable()
    {
        var result = CliRunner.Run("decode", Path.GetTempPath());
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"hashdance decode: cannot read '{Path.GetTempPath()}': ", result.StdErr);
        CommandLineTests.AssertNoStackTrace(result);
    }

    [Fact]
    public void EmptyFileIsReported()
    {
        var result = DecodeBytes([]);
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith(": the capture file is empty (expected a 24-byte pcap global header)\n", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void BadMagicIsReported()
    {
        var result = DecodeBytes("this is not a capture file at all"u8.ToArray());
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith(": bad magic number 0x74686973: not a classic pcap file (expected a1b2c3d4 or a1b23c4d, in either byte order)\n", result.StdErr);
    }

    [Fact]
    public void PcapNgIsReportedWithAConversionHint()
    {
        var result = DecodeBytes([0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pcapng", result.StdErr);
        Assert.Contains("editcap -F pcap", result.StdErr);
    }

    [Fact]
    public void TruncatedGlobalHeaderIsReported()
    {
        var result = DecodeBytes(ValidCapture()[..10]);
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith(": truncated pcap global header (10 of 24 bytes)\n", result.StdErr);
    }

    [Fact]
    public void UnsupportedLinkTypeIsReported()
    {
        var capture = ValidCapture(TcpFrame(Syn));
        BinaryPrimitives.WriteUInt32LittleEndian(capture.AsSpan(20), 101);
        var result = DecodeBytes(capture);
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith(": unsupported link type 101 (only LINKTYPE_ETHERNET = 1 is read)\n", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void TruncatedRecordIsReportedAfterTheFramesBeforeIt()
    {
        var capture = ValidCapture(TcpFrame(Syn), TcpFrame(Syn | Ack));
        var result = DecodeBytes(capture[..^10]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["1700000000.001000 IP 192.0.2.1.40000 > 192.168.0.1.5001: Flags [S], seq 1000000000, win 64240, length 0"], result.OutputLines);
        Assert.EndsWith(": record 2 at offset 94: truncated record data (44 of 54 captured bytes present)\n", result.StdErr);
    }

    [Fact]
    public void TruncatedRecordHeaderIsReported()
    {
        var capture = ValidCapture(TcpFrame(Syn));
        var result = DecodeBytes([.. capture, 1, 2, 3]);
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.OutputLines);
        Assert.EndsWith(": record 2 at offset 94: truncated record header (3 of 16 bytes)\n", result.StdErr);
    }

    [Fact]
    public void CapturedLengthBeyondTheSnapshotLengthIsReported()
    {
        var capture = ValidCapture(TcpFrame(Syn));
        BinaryPrimitives.WriteUInt32LittleEndian(capture.AsSpan(24 + 8), 300_000);
        var result = DecodeBytes(capture);
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith(": record 1 at offset 24: captured length 300000 exceeds the snapshot length 262144\n", result.StdErr);
    }

    [Fact]
    public void AnUnusablePathIsReportedWithoutAStackTrace()
    {
        var result = CliRunner.Run("decode", "bad\0name.pcap");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("hashdance decode: cannot read 'bad\0name.pcap': ", result.StdErr);
        CommandLineTests.AssertNoStackTrace(result);
    }
}
