namespace Hashdance.TestKit.Tests.Examples;

/// <summary>docs/testing.md shows the example test as it is compiled and run here, character for character.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public void The_guide_shows_the_example_test_verbatim()
    {
        var root = RepositoryRoot();
        var example = File.ReadAllText(Path.Combine(root, "tests", "Hashdance.TestKit.Tests", "Examples", "RequestSockCrashTests.cs")).ReplaceLineEndings("\n");
        var guide = File.ReadAllText(Path.Combine(root, "docs", "testing.md")).ReplaceLineEndings("\n");
        const string open = "```csharp\n";
        var start = guide.IndexOf(open + "using Hashdance.Actors.Stack;", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/testing.md has no csharp block with the example");
        start += open.Length;
        var end = guide.IndexOf("```", start, StringComparison.Ordinal);
        Assert.Equal(example, guide[start..end]);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Actors.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Actors.sln above {AppContext.BaseDirectory}");
    }
}
