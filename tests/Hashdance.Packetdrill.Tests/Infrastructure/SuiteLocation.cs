namespace Hashdance.Packetdrill.Tests.Infrastructure;

/// <summary>
/// Where the visible conformance suite lives: <c>shared/conformance/packetdrill</c> beside the repository (CI
/// clones the repository with shared/ next to it), and where the repository root is.
/// </summary>
public static class SuiteLocation
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SuiteDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "packetdrill"));

    public static bool SuiteExists => Directory.Exists(SuiteDirectory);

    public static bool RunningInCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Why suite-wide tests are skipped here, or null when they must run (the suite exists, or CI=true).</summary>
    public static string? SkipReason =>
        SuiteExists || RunningInCi ? null : $"the packetdrill suite is not at {SuiteDirectory} (and CI is not 'true')";

    public static IEnumerable<string> Scripts() =>
        Directory.EnumerateFiles(SuiteDirectory, "*.pkt", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Actors.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Actors.sln not found above {AppContext.BaseDirectory}");
    }
}
