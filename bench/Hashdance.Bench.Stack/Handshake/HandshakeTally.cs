namespace Hashdance.Bench.Stack.Handshake;

/// <summary>
/// What one round of the Hashdance handshake benchmark saw, counted from the client driver and the server handler
/// (two actors, so the counters are interlocked). <see cref="Done"/> completes when every connect has ended on the
/// client (aborted or failed); the server's side of the round is judged from its MIB counters, because a child reset
/// before its handler's Register arrives reports its end to no one.
/// </summary>
public sealed class HandshakeTally
{
    private int _target;
    private int _clientAborted;
    private int _clientFailed;
    private int _serverAccepted;
    private string? _firstFailure;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ClientAborted => Volatile.Read(ref _clientAborted);
    public int ClientFailed => Volatile.Read(ref _clientFailed);
    public int ServerAccepted => Volatile.Read(ref _serverAccepted);
    public string? FirstFailure => _firstFailure;

    /// <summary>Completes when every connect of the round has ended on the client.</summary>
    public Task Done => _done.Task;

    /// <summary>Starts a round of <paramref name="target"/> connections; only between rounds, when nothing is in flight.</summary>
    public void Reset(int target)
    {
        _target = target;
        _clientAborted = _clientFailed = _serverAccepted = 0;
        _firstFailure = null;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void OnClientAborted()
    {
        Interlocked.Increment(ref _clientAborted);
        CompleteIfOver();
    }

    public void OnClientFailed(string reason)
    {
        Interlocked.CompareExchange(ref _firstFailure, reason, null);
        Interlocked.Increment(ref _clientFailed);
        CompleteIfOver();
    }

    public void OnServerAccepted() => Interlocked.Increment(ref _serverAccepted);

    private void CompleteIfOver()
    {
        if (Volatile.Read(ref _clientAborted) + Volatile.Read(ref _clientFailed) >= _target) _done.TrySetResult();
    }
}
