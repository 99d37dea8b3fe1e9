using System.CommandLine;
using Hashdance.NicIo;

namespace Hashdance.Cli.Decode;

/// <summary>
/// <c>hashdance decode FILE</c> prints a capture as <c>tcpdump -nn -tt -S -r FILE</c> does;
/// <c>hashdance decode --sample [--write FILE]</c> builds <see cref="SampleCapture"/> and prints that.
/// </summary>
internal static class DecodeCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "A classic pcap capture of Ethernet frames (microsecond or nanosecond, either byte order).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var sample = new Option<bool>("--sample")
        {
            Description = "Decode a built-in capture (ARP, a TCP connection to 192.168.0.1:8080, ICMP echo) instead of a file.",
        };
        var write = new Option<string?>("--write", "-w")
        {
            Description = "With --sample: also save the sample capture to this pcap file.",
            HelpName = "FILE",
        };
        var command = new Command("decode", "Print each frame of a pcap capture exactly as 'tcpdump -nn -tt -S -r' does.")
        {
            file,
            sample,
            write,
        };
        command.Validators.Add(result =>
        {
            // An unknown option would otherwise be taken for the file name.
            if (result.GetValue(file) is { } name && name.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{name}'.");
                return;
            }
            var hasFile = !string.IsNullOrEmpty(result.GetValue(file));
            var wantsSample = result.GetValue(sample);
            if (hasFile && wantsSample) result.AddError("Give either a capture FILE or --sample, not both.");
            else if (!hasFile && !wantsSample) result.AddError("A capture FILE is required (or --sample for the built-in capture).");
            if (result.GetValue(write) is not null && !wantsSample) result.AddError("--write can only be used with --sample.");
        });
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file);
            return parseResult.GetValue(sample)
                ? DecodeSample(parseResult.GetValue(write), stdout, stderr)
                : DecodeFile(path!, stdout, stderr);
        });
        return command;
    }

    private static int DecodeFile(string path, TextWriter stdout, TextWriter stderr)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Fail(stderr, $"cannot read '{path}': {DescribeOpenFailure(e)}");
        }
        using (stream)
        {
            PcapError? error;
            try
            {
                error = CaptureDecoder.Decode(stream, stdout);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, $"error reading '{path}': {e.Message}");
            }
            return error is null ? ExitCodes.Success : Fail(stderr, $"'{path}': {error.Message}");
        }
    }

    private static int DecodeSample(string? writePath, TextWriter stdout, TextWriter stderr)
    {
        using var capture = new MemoryStream();
        SampleCapture.Write(capture);
        if (writePath is not null)
        {
            try
            {
                File.WriteAllBytes(writePath, capture.ToArray());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                return Fail(stderr, $"cannot write '{writePath}': {DescribeOpenFailure(e)}");
            }
        }
        capture.Position = 0;
        var error = CaptureDecoder.Decode(capture, stdout);
        return error is null ? ExitCodes.Success : Fail(stderr, $"sample capture: {error.Message}");
    }

    private static string DescribeOpenFailure(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such directory",
        UnauthorizedAccessException => "permission denied (or it is a directory)",
        _ => e.Message,
    };

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"hashdance decode: {message}");
        return ExitCodes.Failure;
    }
}
