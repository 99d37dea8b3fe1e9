using System.CommandLine;
using Hashdance.Cli.Decode;

namespace Hashdance.Cli;

/// <summary>The <c>hashdance</c> root command: builds the System.CommandLine tree and runs it.</summary>
internal static class HashdanceCommand
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Hashdance: a user-space TCP/IP stack for .NET built from Akka.NET actors, faithful to Linux's TCP.")
        {
            DecodeCommand.Build(stdout, stderr),
        };
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the chosen command. Never throws: an unexpected failure is
    /// reported on <paramref name="stderr"/> in one line, without a stack trace.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var root = Build(stdout, stderr);
            var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return root.Parse(args).Invoke(config);
        }
        catch (Exception e)
        {
            stderr.WriteLine($"hashdance: internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.InternalError;
        }
    }
}
