namespace Hashdance.Bench.Stack.Harness;

/// <summary>Correctness checks that abort a benchmark run with <see cref="BenchCheckFailedException"/>.</summary>
public static class Check
{
    public static void That(bool condition, string failure)
    {
        if (!condition) throw new BenchCheckFailedException(failure);
    }

    /// <summary>Fails the benchmark; for hot loops, where building the message for <see cref="That"/> would allocate every time.</summary>
    public static void Fail(string failure) => throw new BenchCheckFailedException(failure);

    /// <summary>Waits for <paramref name="task"/> at most <paramref name="timeout"/>; a benchmark that hangs is a failed benchmark.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan timeout, Func<string> what)
    {
        if (await Task.WhenAny(task, Task.Delay(timeout)) != task) throw new BenchCheckFailedException($"{what()} did not finish within {timeout.TotalSeconds:F0} s");
        return await task;
    }
}
