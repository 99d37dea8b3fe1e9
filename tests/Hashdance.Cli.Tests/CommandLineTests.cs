using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests;

/// <summary>The root command's built-in options and the way bad arguments are reported.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void VersionPrintsTheAssemblyVersionAndSucceeds()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0.1.0\n", result.StdOut);
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public void HelpListsTheDecodeCommandAndSucceeds()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.StdOut);
        Assert.Contains("decode <FILE>", result.StdOut);
        Assert.Contains("--version", result.StdOut);
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public void DecodeHelpDescribesItsArgumentAndOptions()
    {
        var result = CliRunner.Run("decode", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("hashdance decode [<FILE>] [options]", result.StdOut);
        Assert.Contains("--sample", result.StdOut);
        Assert.Contains("-w, --write <FILE>", result.StdOut);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    [InlineData(new[] { "decode", "--bogus" }, "Unrecognized option '--bogus'.")]
    [InlineData(new[] { "decode", "--sample", "--bogus" }, "Unrecognized option '--bogus'.")]
    [InlineData(new string[0], "Required command was not provided.")]
    [InlineData(new[] { "decode" }, "A capture FILE is required (or --sample for the built-in capture).")]
    [InlineData(new[] { "decode", "a.pcap", "--sample" }, "Give either a capture FILE or --sample, not both.")]
    [InlineData(new[] { "decode", "a.pcap", "--write", "b.pcap" }, "--write can only be used with --sample.")]
    [InlineData(new[] { "decode", "a.pcap", "b.pcap" }, "Unrecognized command or argument 'b.pcap'.")]
    public void BadArgumentsFailWithTheReasonOnStandardError(string[] args, string reason)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(reason, result.StdErr);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void AnUnexpectedFailureIsOneLineOnStandardErrorWithoutAStackTrace()
    {
        var closedOutput = new StringWriter();
        closedOutput.Dispose();
        using var stderr = new StringWriter();
        var exitCode = HashdanceCommand.Run(["--version"], closedOutput, stderr);
        Assert.Equal(70, exitCode);
        Assert.Equal("hashdance: internal error: ObjectDisposedException: Cannot write to a closed TextWriter.\n",
            stderr.ToString().Replace(Environment.NewLine, "\n"));
    }

    internal static void AssertNoStackTrace(CliRunner.Result result)
    {
        Assert.DoesNotContain("Exception", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.DoesNotContain("Exception", result.StdOut);
    }
}
