namespace Hashdance.Cli.Tests.Infrastructure;

/// <summary>Runs <c>hashdance</c> in-process through <see cref="HashdanceCommand.Run"/> with captured output.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public IReadOnlyList<string> OutputLines => Tcpdump.Lines(StdOut);
    }

    public static Result Run(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = HashdanceCommand.Run(args, stdout, stderr);
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }
}
