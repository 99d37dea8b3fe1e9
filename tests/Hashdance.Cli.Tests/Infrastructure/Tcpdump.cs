using System.Diagnostics;

namespace Hashdance.Cli.Tests.Infrastructure;

/// <summary>Runs the real <c>tcpdump -nn -tt -S -r FILE</c>, the reference for <c>hashdance decode</c>.</summary>
internal static class Tcpdump
{
    public static string? Path { get; } = FindOnPath("tcpdump");

    /// <summary>tcpdump's standard output for <paramref name="capture"/>, split into lines.</summary>
    public static IReadOnlyList<string> Decode(string capture)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("tcpdump is not on PATH (CI=true requires it)"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-nn", "-tt", "-S", "-r", capture }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var errors = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0) throw new InvalidOperationException($"tcpdump exited with {process.ExitCode}: {errors}");
        return Lines(stdout);
    }

    public static IReadOnlyList<string> Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var directory in new[] { "/usr/sbin", "/usr/bin", "/sbin" })
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
