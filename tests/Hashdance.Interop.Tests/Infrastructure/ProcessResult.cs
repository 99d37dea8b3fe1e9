using System.Text;

namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>How an external process ended: exit code and everything it wrote.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, byte[] StdOut, string StdErr)
{
    public string Text => Encoding.UTF8.GetString(StdOut);

    public ProcessResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"'{CommandLine}' exited with {ExitCode}: {StdErr.Trim()} {Text.Trim()}");
}
