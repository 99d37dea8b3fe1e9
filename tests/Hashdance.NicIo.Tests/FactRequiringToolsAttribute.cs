namespace Hashdance.NicIo.Tests;

/// <summary>
/// A fact that needs external programs on PATH. Where one is missing it is skipped with the reason, except on CI
/// (environment variable CI = "true"), where the tools are required and the test runs and fails loudly instead.
/// xunit v2 has no dynamic skip, so the decision is made when the attribute is constructed.
/// </summary>
public sealed class FactRequiringToolsAttribute : FactAttribute
{
    public FactRequiringToolsAttribute(params string[] tools)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") return;
        var missing = tools.Where(t => ExternalTool.Find(t) is null).ToArray();
        if (missing.Length > 0) Skip = $"needs {string.Join(", ", missing)} on PATH (install them, or set CI=true to make their absence a failure)";
    }
}
