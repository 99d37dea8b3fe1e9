namespace Hashdance.Bench.Stack.Harness;

/// <summary>Waits for a condition on shared state (a counter) that nothing signals.</summary>
public static class Poll
{
    /// <summary>Completes once <paramref name="condition"/> holds, checking it about every millisecond.</summary>
    public static async Task<bool> Until(Func<bool> condition)
    {
        while (!condition()) await Task.Delay(1);
        return true;
    }
}
