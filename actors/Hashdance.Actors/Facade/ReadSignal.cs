using System.Threading.Tasks.Sources;

namespace Hashdance.Actors.Facade;

/// <summary>
/// The reusable wake-up of a <see cref="HashdanceConnection"/>'s reader: what a TaskCompletionSource per wait would
/// do, without an allocation per wait. One waiter at a time (<see cref="TryArm"/> says whether it is free); further
/// concurrent readers, and readers with a cancellable token, use a TaskCompletionSource instead.
/// </summary>
/// <remarks>
/// Continuations run asynchronously, so the bridge actor that fires the signal never runs the reader's code. The owner
/// arms and fires it under its own lock; the awaiter's GetResult ends the wait, after which it may be armed again.
/// </remarks>
internal sealed class ReadSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _armed;
    private bool _awaited;

    /// <summary>Arms the signal for one wait if no wait is outstanding (call under the owner's lock).</summary>
    public bool TryArm(out ValueTask wait)
    {
        if (_armed || Volatile.Read(ref _awaited))
        {
            wait = default;
            return false;
        }
        _core.Reset();
        _armed = true;
        _awaited = true;
        wait = new ValueTask(this, _core.Version);
        return true;
    }

    /// <summary>Wakes the armed wait, if any (call under the owner's lock).</summary>
    public void Fire()
    {
        if (!_armed) return;
        _armed = false;
        _core.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token)
    {
        _core.GetResult(token);
        Volatile.Write(ref _awaited, false);
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
