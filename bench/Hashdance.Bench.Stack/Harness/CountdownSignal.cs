namespace Hashdance.Bench.Stack.Harness;

/// <summary>A thread-safe counter that completes <see cref="Reached"/> once it reaches its target.</summary>
public sealed class CountdownSignal(int target)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public int Target => target;

    public Task Reached => _reached.Task;

    public void Increment()
    {
        if (Interlocked.Increment(ref _count) >= target) _reached.TrySetResult();
    }
}
