using System.CommandLine;

namespace Hashdance.Cli;

/// <summary>The <c>hashdance</c> root command: builds the System.CommandLine tree and runs it.</summary>
internal static class HashdanceCommand
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Hashdance: a user-space TCP/IP stack for .NET built from Akka.NET actors, faithful to Linux's TCP.");
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build(stdout, stderr);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
