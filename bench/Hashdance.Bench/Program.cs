using BenchmarkDotNet.Running;

namespace Hashdance.Bench;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Hashdance.Bench -- --filter '*'</c> runs every benchmark;
/// add <c>--job short</c> for a quick run or <c>--job dry</c> to exercise only the setup guards. See
/// docs/performance.md for the recorded figures.
/// </summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
