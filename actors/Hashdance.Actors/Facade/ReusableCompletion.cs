using System.Threading.Tasks.Sources;

namespace Hashdance.Actors.Facade;

/// <summary>
/// A completion a <see cref="HashdanceConnection"/> reuses from one wait to the next: what a TaskCompletionSource
/// per wait would do, without an allocation per wait. It serves the reader's wake-up (bytes arrived, end of stream,
/// error) and a send's acknowledgement (the Write's Ack is the completion itself). One wait at a time:
/// <see cref="TryArm"/> says whether it is free; concurrent readers and calls with a cancellable token use a
/// TaskCompletionSource instead.
/// </summary>
/// <remarks>
/// A wait ends exactly once: the first <see cref="SetResult"/> or <see cref="SetException"/> after
/// <see cref="TryArm"/> completes it and later ones do nothing (a send's ack and the connection's end may both try).
/// The completion becomes free again only when the awaiter has taken the result, so a result is never lost to a
/// re-arm. Continuations run asynchronously: the bridge actor that completes a wait never runs the caller's code.
/// </remarks>
internal sealed class ReusableCompletion : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _armed;
    private int _taken;

    /// <summary>Arms the completion for one wait if no wait is outstanding; the caller must await <paramref name="wait"/>.</summary>
    public bool TryArm(out ValueTask wait)
    {
        if (Interlocked.CompareExchange(ref _taken, 1, 0) != 0)
        {
            wait = default;
            return false;
        }
        _core.Reset();
        Volatile.Write(ref _armed, 1);
        wait = new ValueTask(this, _core.Version);
        return true;
    }

    /// <summary>Ends the armed wait successfully; nothing if no wait is armed.</summary>
    public void SetResult()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1) _core.SetResult(true);
    }

    /// <summary>Ends the armed wait with <paramref name="error"/>; nothing if no wait is armed.</summary>
    public void SetException(Exception error)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1) _core.SetException(error);
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            Volatile.Write(ref _taken, 0);
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
