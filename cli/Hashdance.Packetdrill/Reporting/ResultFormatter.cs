using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hashdance.Packetdrill.Reporting;

/// <summary>The command's output: one line per script and a closing count line, or one JSON object.</summary>
public static class ResultFormatter
{
    public static string Line(ScriptResult result, string? relativeTo = null)
    {
        var name = DisplayPath(result.Path, relativeTo);
        var status = ScriptResult.StatusText(result.Status).ToUpperInvariant();
        return result.Status == ScriptStatus.Pass ? $"{status} {name}" : $"{status} {name}: {result.Reason.Replace("\n", "\n    ")}";
    }

    public static string Summary(IReadOnlyCollection<ScriptResult> results) =>
        $"{results.Count(r => r.Status == ScriptStatus.Pass)} passed, {results.Count(r => r.Status == ScriptStatus.Fail)} failed, {results.Count(r => r.Status == ScriptStatus.Skip)} skipped";

    public static string Json(IReadOnlyCollection<ScriptResult> results, string? relativeTo = null)
    {
        var array = new JsonArray();
        foreach (var r in results)
            array.Add(new JsonObject { ["file"] = DisplayPath(r.Path, relativeTo), ["status"] = ScriptResult.StatusText(r.Status), ["reason"] = r.Reason });
        var root = new JsonObject
        {
            ["results"] = array,
            ["passed"] = results.Count(r => r.Status == ScriptStatus.Pass),
            ["failed"] = results.Count(r => r.Status == ScriptStatus.Fail),
            ["skipped"] = results.Count(r => r.Status == ScriptStatus.Skip),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public static string DisplayPath(string path, string? relativeTo) =>
        relativeTo is null ? path : Path.GetRelativePath(relativeTo, path).Replace('\\', '/');
}
