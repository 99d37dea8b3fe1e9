using Hashdance.Packetdrill.Reporting;
using Hashdance.Packetdrill.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hashdance.Packetdrill.Tests.Conformance;

/// <summary>
/// Runs the whole visible packetdrill suite (IPv4) against the stack and compares with the checked-in expectations:
/// a script expected to pass that fails is a regression and fails the test; a script that passes but is not
/// listed as passing is reported, so the expectations file gets updated.
/// </summary>
public sealed class ConformanceSuiteTests(ITestOutputHelper output)
{
    [SuiteFact]
    public void Scripts_expected_to_pass_still_pass()
    {
        Assert.True(SuiteLocation.SuiteExists, $"CI=true but the packetdrill suite is missing at {SuiteLocation.SuiteDirectory}");
        var suite = SuiteLocation.SuiteDirectory;
        var results = PacketdrillSuite.Run([suite], ipVersion: 4, new Dictionary<string, string>())
            .ToDictionary(r => ResultFormatter.DisplayPath(r.Path, suite), StringComparer.Ordinal);
        var expectationsPath = ExpectationsFile.PathOf(SuiteLocation.RepositoryRoot);
        if (Environment.GetEnvironmentVariable("PACKETDRILL_UPDATE_EXPECTATIONS") == "1")
            ExpectationsFile.Write(expectationsPath, results.Select(r => (r.Key, r.Value.Status)));
        var expected = ExpectationsFile.Read(expectationsPath);

        var regressions = expected
            .Where(e => e.Value == ScriptStatus.Pass && (!results.TryGetValue(e.Key, out var r) || r.Status != ScriptStatus.Pass))
            .Select(e => results.TryGetValue(e.Key, out var r) ? ResultFormatter.Line(r, suite) : $"MISSING {e.Key}: listed as pass but not in the suite")
            .ToList();
        var newlyPassing = results
            .Where(r => r.Value.Status == ScriptStatus.Pass && (!expected.TryGetValue(r.Key, out var listed) || listed != ScriptStatus.Pass))
            .Select(r => r.Key)
            .ToList();
        var unlisted = results.Keys.Where(k => !expected.ContainsKey(k)).ToList();

        foreach (var result in results.Values) output.WriteLine(ResultFormatter.Line(result, suite));
        output.WriteLine(ResultFormatter.Summary(results.Values));
        foreach (var file in newlyPassing)
        {
            var note = $"packetdrill: {file} now passes but conformance/packetdrill-expected.tsv does not say 'pass': update it";
            output.WriteLine(note);
            Console.WriteLine(note);
        }
        foreach (var file in unlisted) output.WriteLine($"packetdrill: {file} is not listed in conformance/packetdrill-expected.tsv");

        Assert.True(regressions.Count == 0, "scripts expected to pass now fail:\n" + string.Join('\n', regressions));
    }
}
