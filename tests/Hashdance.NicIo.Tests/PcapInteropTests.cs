using System.Text.RegularExpressions;

namespace Hashdance.NicIo.Tests;

/// <summary>Our captures must read cleanly in the standard tools.</summary>
public sealed class PcapInteropTests : IDisposable
{
    private const long FirstMicros = 1_700_000_000_000_000L;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("hashdance-pcap-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string WriteCapture(string name, IEnumerable<byte[]> frames)
    {
        var path = Path.Combine(_dir.FullName, name);
        using var writer = PcapFileWriter.Create(path);
        var micros = FirstMicros;
        foreach (var frame in frames)
        {
            writer.Write(frame, micros);
            micros += 250;
        }
        return path;
    }

    private static string TsharkVerbose(string path)
    {
        var (exit, output, errors) = ExternalTool.Run("tshark", "-r", path, "-n",
            "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-V", "-z", "expert");
        Assert.True(exit == 0, $"tshark exited {exit}: {errors}");
        return output;
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [FactRequiringTools("tshark")]
    public void Tshark_decodes_our_capture_with_good_checksums_and_no_expert_errors_or_warnings()
    {
        var output = TsharkVerbose(WriteCapture("handshake.pcap", TcpFrameBuilder.Handshake()));

        Assert.Equal(5, Count(output, "[Header checksum status: Good]"));
        Assert.Equal(5, Count(output, "[Checksum Status: Good]"));
        Assert.Equal(2, Count(output, "Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale"));
        Assert.Contains("Epoch Time: 1700000000.000000000 seconds", output);
        Assert.Contains("Epoch Time: 1700000000.001000000 seconds", output);
        Assert.Contains("Connection establish request (SYN): server port 80", output);
        Assert.DoesNotContain("Malformed", output);
        Assert.DoesNotContain("Bad", output);
        Assert.DoesNotContain("[incorrect", output);
        Assert.DoesNotContain("Errors (", output);
        Assert.DoesNotContain("Warnings (", output);
    }

    [FactRequiringTools("tshark")]
    public void Tshark_check_does_see_a_bad_checksum_so_the_clean_result_means_something()
    {
        var frames = TcpFrameBuilder.Handshake().ToList();
        frames[0][14 + 20 + 16] ^= 0xFF; // the SYN's TCP checksum

        var output = TsharkVerbose(WriteCapture("bad.pcap", frames));

        Assert.Equal(1, Count(output, "[Checksum Status: Bad]"));
        Assert.Contains("Errors (1)", output);
        Assert.Contains("Bad checksum [should be 0x", output);
    }

    [FactRequiringTools("tcpdump")]
    public void Tcpdump_reads_our_capture()
    {
        var path = WriteCapture("handshake.pcap", TcpFrameBuilder.Handshake());

        var (exit, output, errors) = ExternalTool.Run("tcpdump", "-r", path, "-n", "-tt", "-v");

        Assert.True(exit == 0, $"tcpdump exited {exit}: {errors}");
        Assert.Contains("link-type EN10MB (Ethernet), snapshot length 262144", errors);
        Assert.Equal(5, Count(output, "(correct)"));
        Assert.Contains("1700000000.000000 IP", output);
        Assert.Contains("1700000000.000250 IP", output);
        Assert.Contains("Flags [S], cksum", output);
        Assert.Contains("options [mss 1460,sackOK,TS val 111 ecr 0,nop,wscale 7]", output);
        Assert.DoesNotContain("incorrect", output);
    }
}
