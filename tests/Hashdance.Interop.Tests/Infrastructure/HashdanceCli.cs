namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>The built <c>hashdance</c> CLI (same configuration as this test assembly), to run as a user would.</summary>
internal static class HashdanceCli
{
    public static string DllPath
    {
        get
        {
            // tests/Hashdance.Interop.Tests/bin/<Configuration>/<tfm>/ → cli/Hashdance.Cli/bin/<Configuration>/<tfm>/hashdance.dll
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = here.Name;
            var configuration = here.Parent!.Name;
            var repository = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(repository, "cli", "Hashdance.Cli", "bin", configuration, tfm, "hashdance.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"the hashdance CLI is not built at {path}");
        }
    }
}
