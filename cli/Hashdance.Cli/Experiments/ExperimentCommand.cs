using System.CommandLine;

namespace Hashdance.Cli.Experiments;

/// <summary><c>hashdance experiment …</c>: experiments that run whole stacks.</summary>
internal static class ExperimentCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr) =>
        new("experiment", "Run an experiment with Hashdance stacks.")
        {
            HandshakeCommand.Build(stdout, stderr),
            TransferCommand.Build(stdout, stderr),
        };
}
