using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Hashdance.Cli;

/// <summary>
/// <c>--version</c>: prints this tool's version. System.CommandLine's default reports the entry assembly, which is
/// the test host when the command runs in-process; this always names the <c>hashdance</c> assembly.
/// </summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } = ReadVersion();

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Success;
    }

    private static string ReadVersion()
    {
        var assembly = typeof(PrintVersionAction).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }
}
