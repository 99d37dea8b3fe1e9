using Hashdance.Actors.Facade;

namespace Hashdance.Actors.Tests.Facade;

/// <summary>The facade's reusable completion: one wait at a time, each ended exactly once, reusable once awaited.</summary>
public sealed class ReusableCompletionTests
{
    [Fact]
    public async Task One_wait_at_a_time_and_the_completion_is_reused_once_the_wait_was_awaited()
    {
        var completion = new ReusableCompletion();
        completion.SetResult(); // nothing armed: nothing happens, and the next wait is not pre-completed

        Assert.True(completion.TryArm(out var first));
        Assert.False(first.IsCompleted);
        Assert.False(completion.TryArm(out _));
        completion.SetResult();
        completion.SetException(new InvalidOperationException("too late")); // the wait has ended already
        await first;

        Assert.True(completion.TryArm(out var second));
        Assert.False(second.IsCompleted);
        completion.SetResult();
        await second;
    }

    [Fact]
    public async Task A_completed_wait_not_yet_awaited_keeps_the_completion_taken()
    {
        var completion = new ReusableCompletion();
        Assert.True(completion.TryArm(out var wait));
        completion.SetResult();
        // Its result has not been taken yet, so re-arming would lose it: a second waiter must use another completion.
        Assert.False(completion.TryArm(out _));
        await wait;
        Assert.True(completion.TryArm(out var next));
        completion.SetResult();
        await next;
    }

    [Fact]
    public async Task A_failed_wait_throws_once_and_frees_the_completion()
    {
        var completion = new ReusableCompletion();
        Assert.True(completion.TryArm(out var wait));
        completion.SetException(new TimeoutException("gone"));
        completion.SetResult();
        Assert.Equal("gone", (await Assert.ThrowsAsync<TimeoutException>(async () => await wait)).Message);
        Assert.True(completion.TryArm(out var next));
        completion.SetResult();
        await next;
    }
}
