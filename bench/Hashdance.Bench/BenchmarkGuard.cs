namespace Hashdance.Bench;

/// <summary>Setup-time checks that make a benchmark class refuse to run (BenchmarkDotNet reports the exception
/// instead of a number) when our code and the reference disagree on the work being timed.</summary>
internal static class BenchmarkGuard
{
    public static void Agree<T>(T ours, T reference, string what) where T : IEquatable<T>
    {
        if (!ours.Equals(reference))
            throw new InvalidOperationException($"{what}: Hashdance gave {ours}, the reference gave {reference}.");
    }

    public static void Require(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException(what);
    }
}
