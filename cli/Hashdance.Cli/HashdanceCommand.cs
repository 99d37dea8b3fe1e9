using System.CommandLine;
using System.CommandLine.Help;
using Hashdance.Cli.Decode;
using Hashdance.Cli.Experiments;

namespace Hashdance.Cli;

/// <summary>The <c>hashdance</c> root command: builds the System.CommandLine tree and runs it.</summary>
internal static class HashdanceCommand
{
    public const string Name = "hashdance";

    /// <summary>
    /// The command tree. The root is a plain command named <see cref="Name"/> with the help and version options a
    /// RootCommand would add, because a RootCommand takes its name (shown in usage lines) from the entry assembly,
    /// which is the test host when the tool runs in-process.
    /// </summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new Command(Name, "Hashdance: a user-space TCP/IP stack for .NET built from Akka.NET actors, faithful to Linux's TCP.")
        {
            new HelpOption(),
            new VersionOption { Action = new PrintVersionAction() },
            DecodeCommand.Build(stdout, stderr),
            ExperimentCommand.Build(stdout, stderr),
            Packetdrill.PacketdrillCommand.Build(stdout, stderr),
            Cluster.NodeCommand.Build(stdout, stderr),
            Wire.ServeCommand.Build(stdout, stderr),
            Wire.ConnectCommand.Build(stdout, stderr),
        };
        // The cluster experiment lives with the cluster commands; it joins the other experiments here.
        root.Subcommands.Single(c => c.Name == "experiment").Subcommands.Add(Cluster.ClusterExperimentCommand.Build(stdout, stderr));
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
            stderr.WriteLine($"{Name}: internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.InternalError;
        }
    }
}
