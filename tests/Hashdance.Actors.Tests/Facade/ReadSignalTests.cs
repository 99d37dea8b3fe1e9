using Hashdance.Actors.Facade;

namespace Hashdance.Actors.Tests.Facade;

/// <summary>The facade reader's reusable wake-up: one wait at a time, reusable once awaited, nothing per wait.</summary>
public sealed class ReadSignalTests
{
    [Fact]
    public async Task One_wait_at_a_time_and_the_signal_is_reused_once_the_wait_was_awaited()
    {
        var signal = new ReadSignal();
        signal.Fire(); // nothing armed: nothing happens, and the next wait is not pre-completed

        Assert.True(signal.TryArm(out var first));
        Assert.False(first.IsCompleted);
        Assert.False(signal.TryArm(out _));
        signal.Fire();
        signal.Fire();
        await first;

        Assert.True(signal.TryArm(out var second));
        Assert.False(second.IsCompleted);
        signal.Fire();
        await second;
    }

    [Fact]
    public async Task A_fired_wait_not_yet_awaited_keeps_the_signal_taken()
    {
        var signal = new ReadSignal();
        Assert.True(signal.TryArm(out var wait));
        signal.Fire();
        // Its result has not been taken yet, so re-arming would lose it: a second reader must use another waiter.
        Assert.False(signal.TryArm(out _));
        await wait;
        Assert.True(signal.TryArm(out var next));
        signal.Fire();
        await next;
    }
}
