using Hashdance.Cli.Decode;
using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests.Decode;

/// <summary><c>hashdance decode --sample</c>: the README's first command, which needs no input file.</summary>
public sealed class SampleCaptureTests
{
    private static readonly string[] ExpectedLines =
    [
        "1700000000.000000 ARP, Request who-has 192.168.0.1 tell 192.0.2.1, length 28",
        "1700000000.000120 ARP, Reply 192.168.0.1 is-at 02:00:00:00:00:02, length 28",
        "1700000000.000430 IP 192.0.2.1.40000 > 192.168.0.1.8080: Flags [S], seq 1000000000, win 64240, options [mss 1460,sackOK,TS val 3000000 ecr 0,nop,wscale 7], length 0",
        "1700000000.000525 IP 192.168.0.1.8080 > 192.0.2.1.40000: Flags [S.], seq 2000000000, ack 1000000001, win 65160, options [mss 1460,sackOK,TS val 4000000 ecr 3000000,nop,wscale 7], length 0",
        "1700000000.000613 IP 192.0.2.1.40000 > 192.168.0.1.8080: Flags [.], ack 2000000001, win 502, options [nop,nop,TS val 3000001 ecr 4000000], length 0",
        "1700000000.000654 IP 192.0.2.1.40000 > 192.168.0.1.8080: Flags [P.], seq 1000000001:1000000043, ack 2000000001, win 502, options [nop,nop,TS val 3000001 ecr 4000000], length 42: HTTP: GET / HTTP/1.1",
        "1700000000.000756 IP 192.168.0.1.8080 > 192.0.2.1.40000: Flags [.], ack 1000000043, win 509, options [nop,nop,TS val 4000001 ecr 3000001], length 0",
        "1700000000.050756 IP 192.0.2.1.40000 > 192.168.0.1.8080: Flags [F.], seq 1000000043, ack 2000000001, win 502, options [nop,nop,TS val 3000050 ecr 4000001], length 0",
        "1700000000.050853 IP 192.168.0.1.8080 > 192.0.2.1.40000: Flags [F.], seq 2000000001, ack 1000000044, win 509, options [nop,nop,TS val 4000051 ecr 3000050], length 0",
        "1700000000.050943 IP 192.0.2.1.40000 > 192.168.0.1.8080: Flags [.], ack 2000000002, win 502, options [nop,nop,TS val 3000051 ecr 4000051], length 0",
        "1700000001.050943 IP 192.0.2.1 > 192.168.0.1: ICMP echo request, id 4660, seq 1, length 64",
        "1700000001.051048 IP 192.168.0.1 > 192.0.2.1: ICMP echo reply, id 4660, seq 1, length 64",
    ];

    [Fact]
    public void SampleDecodesToTheHandshakeArpAndEcho()
    {
        var result = CliRunner.Run("decode", "--sample");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StdErr);
        Assert.Equal(ExpectedLines, result.OutputLines);
    }

    [Fact]
    public void SampleFramesCarryValidChecksumsAndParseWithTheStacksParsers()
    {
        var frames = SampleCapture.Frames();
        Assert.Equal(12, frames.Count);
        var parsedTcp = 0;
        foreach (var (_, frame) in frames)
        {
            if (Hashdance.Protocol.Wire.FrameParser.TryParseTcp(frame, Hashdance.Protocol.Wire.TcpParseSettings.Listener,
                    out _, out _, out _, out _, out var error))
                parsedTcp++;
            else
                Assert.True(error is Hashdance.Protocol.Wire.WireError.UnsupportedEtherType or Hashdance.Protocol.Wire.WireError.UnsupportedProtocol, $"{error}");
        }
        Assert.Equal(8, parsedTcp);
    }

    [TcpdumpFact]
    public void WrittenSampleDecodesIdenticallyWithTcpdump()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashdance-sample-{Guid.NewGuid():N}.pcap");
        try
        {
            var result = CliRunner.Run("decode", "--sample", "--write", path);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(ExpectedLines, result.OutputLines);
            Assert.Equal(ExpectedLines, Tcpdump.Decode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WriteSavesTheSameBytesTheSampleIsDecodedFrom()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashdance-sample-{Guid.NewGuid():N}.pcap");
        try
        {
            Assert.Equal(0, CliRunner.Run("decode", "--sample", "-w", path).ExitCode);
            using var expected = new MemoryStream();
            SampleCapture.Write(expected);
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(ExpectedLines, CliRunner.Run("decode", path).OutputLines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnwritableSampleDestinationIsReported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashdance-missing-{Guid.NewGuid():N}", "sample.pcap");
        var result = CliRunner.Run("decode", "--sample", "--write", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hashdance decode: cannot write '{path}': no such directory\n", result.StdErr);
        Assert.Equal("", result.StdOut);
    }
}
