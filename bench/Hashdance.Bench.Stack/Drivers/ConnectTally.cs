namespace Hashdance.Bench.Stack.Drivers;

/// <summary>
/// What a <see cref="ConnectDriver"/> run saw, counted by the driver and a server handler (two actors, so the
/// counters are interlocked). <see cref="Done"/> completes when every connect of the run has ended on the client:
/// aborted or failed in <see cref="ConnectMode.AbortWhenEstablished"/>, established or failed in
/// <see cref="ConnectMode.KeepOpen"/>.
/// </summary>
public sealed class ConnectTally(int target, ConnectMode mode)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _established;
    private int _aborted;
    private int _failed;
    private int _serverAccepted;
    private string? _firstFailure;

    public int Target => target;
    public ConnectMode Mode => mode;
    public int Established => Volatile.Read(ref _established);
    public int Aborted => Volatile.Read(ref _aborted);
    public int Failed => Volatile.Read(ref _failed);
    public int ServerAccepted => Volatile.Read(ref _serverAccepted);
    public string? FirstFailure => _firstFailure;

    public Task Done => _done.Task;

    public void OnEstablished()
    {
        Interlocked.Increment(ref _established);
        CompleteIfOver();
    }

    public void OnAborted()
    {
        Interlocked.Increment(ref _aborted);
        CompleteIfOver();
    }

    public void OnFailed(string reason)
    {
        Interlocked.CompareExchange(ref _firstFailure, reason, null);
        Interlocked.Increment(ref _failed);
        CompleteIfOver();
    }

    public void OnServerAccepted() => Interlocked.Increment(ref _serverAccepted);

    private void CompleteIfOver()
    {
        var ended = mode == ConnectMode.KeepOpen ? Established : Aborted;
        if (ended + Failed >= target) _done.TrySetResult();
    }
}
