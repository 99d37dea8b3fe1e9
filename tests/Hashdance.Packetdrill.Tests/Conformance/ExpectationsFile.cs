using Hashdance.Packetdrill.Reporting;

namespace Hashdance.Packetdrill.Tests.Conformance;

/// <summary>
/// conformance/packetdrill-expected.tsv: for each visible script (path relative to the suite folder), the status
/// it is expected to have. "pass" lines are the ratchet: a listed pass that fails is a regression.
/// </summary>
public static class ExpectationsFile
{
    public const string Header = """
        # Packetdrill conformance expectations for ../shared/conformance/packetdrill (IPv4 runs).
        # A script listed as "pass" must keep passing (CI fails otherwise); "fail" and "skip" are known gaps, explained
        # in docs/conformance.md. When a script starts passing, mark it "pass" here (the suite test reports it).
        # Regenerate from a run: PACKETDRILL_UPDATE_EXPECTATIONS=1 dotnet test tests/Hashdance.Packetdrill.Tests -c Release
        # path	status
        """;

    public static string PathOf(string repositoryRoot) => Path.Combine(repositoryRoot, "conformance", "packetdrill-expected.tsv");

    public static Dictionary<string, ScriptStatus> Read(string path)
    {
        var expected = new Dictionary<string, ScriptStatus>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (fields.Length < 2 || !ScriptResult.TryParseStatus(fields[1].Trim(), out var status))
                throw new FormatException($"{path}: bad line '{raw}' (expected 'path<TAB>pass|fail|skip')");
            expected[fields[0].Trim()] = status;
        }
        return expected;
    }

    public static void Write(string path, IEnumerable<(string File, ScriptStatus Status)> results)
    {
        var lines = new List<string>(Header.Split('\n'));
        lines.AddRange(results.OrderBy(r => r.File, StringComparer.Ordinal).Select(r => $"{r.File}\t{ScriptResult.StatusText(r.Status)}"));
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }
}
