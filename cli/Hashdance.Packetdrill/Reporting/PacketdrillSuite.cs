using Hashdance.Packetdrill.Config;
using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Runtime;

namespace Hashdance.Packetdrill.Reporting;

/// <summary>Finds scripts under the given files and folders and runs each on a fresh stack.</summary>
public static class PacketdrillSuite
{
    /// <summary>Files as given; folders searched recursively for *.pkt; ordinal order within a folder.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var scripts = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                scripts.AddRange(Directory.EnumerateFiles(path, "*.pkt", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else
                scripts.Add(path);
        }
        return scripts;
    }

    public static ScriptResult RunFile(string path, int ipVersion, IReadOnlyDictionary<string, string> defines)
    {
        if (!File.Exists(path)) return new ScriptResult(path, ScriptStatus.Fail, "no such file", []);
        if (!ScriptParser.TryParseFile(path, out var script, out var error))
            return new ScriptResult(path, ScriptStatus.Fail, error!.ToString(), []);
        try
        {
            var setup = ScriptEnvironmentBuilder.Build(script, ipVersion, defines);
            return ScriptRunner.Run(script, setup);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ScriptResult(path, ScriptStatus.Fail, $"harness error: {e.GetType().Name}: {e.Message}", []);
        }
    }

    public static IReadOnlyList<ScriptResult> Run(IEnumerable<string> paths, int ipVersion, IReadOnlyDictionary<string, string> defines, Action<ScriptResult>? progress = null)
    {
        var results = new List<ScriptResult>();
        foreach (var path in ExpandPaths(paths))
        {
            var result = RunFile(path, ipVersion, defines);
            progress?.Invoke(result);
            results.Add(result);
        }
        return results;
    }
}
