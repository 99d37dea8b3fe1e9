using System.Diagnostics;

namespace Hashdance.NicIo.Tests;

/// <summary>Finds and runs command-line tools (tshark, tcpdump) for interoperability tests.</summary>
internal static class ExternalTool
{
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static (int ExitCode, string StdOut, string StdErr) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find(tool) ?? throw new InvalidOperationException($"{tool} is not on PATH"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }
}
