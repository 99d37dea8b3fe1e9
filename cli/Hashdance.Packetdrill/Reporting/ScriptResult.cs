namespace Hashdance.Packetdrill.Reporting;

/// <summary>How one script fared: pass, or fail/skip with the reason (for a failure: line, expectation and what happened instead).</summary>
public sealed record ScriptResult(string Path, ScriptStatus Status, string Reason, IReadOnlyList<string> Notes)
{
    public static string StatusText(ScriptStatus status) => status switch
    {
        ScriptStatus.Pass => "pass",
        ScriptStatus.Fail => "fail",
        _ => "skip",
    };

    public static bool TryParseStatus(string text, out ScriptStatus status)
    {
        status = text switch { "pass" => ScriptStatus.Pass, "fail" => ScriptStatus.Fail, _ => ScriptStatus.Skip };
        return text is "pass" or "fail" or "skip";
    }
}
