using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Facade;

/// <summary>
/// A listening socket for code that is not an actor: <see cref="ListenAsync"/> is bind() + listen(),
/// <see cref="AcceptAsync"/> is accept(). The listener runs in pull mode, so children wait in its accept queue
/// (and count against the backlog) until <see cref="AcceptAsync"/> takes them, as on Linux.
/// </summary>
public sealed class HashdanceListener : IAsyncDisposable
{
    private readonly IActorRef _bridge;

    private HashdanceListener(IActorRef bridge, Ipv4Endpoint local)
    {
        _bridge = bridge;
        LocalAddress = local;
    }

    public Ipv4Endpoint LocalAddress { get; }

    public static async Task<HashdanceListener> ListenAsync(HashdanceStack stack, Ipv4Endpoint local, int backlog = 128, SocketOptions? options = null,
        CancellationToken cancellation = default)
    {
        var bound = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bridge = stack.System.ActorOf(AcceptBridge.Props(stack.Manager, local, backlog, options, bound));
        await using var registration = cancellation.Register(() => bound.TrySetCanceled(cancellation));
        switch (await bound.Task)
        {
            case CommandFailed failed:
                throw new HashdanceSocketException(failed.Error, failed.Reason);
            default:
                return new HashdanceListener(bridge, local);
        }
    }

    /// <summary>accept(): the next established child, waiting for one if the queue is empty.</summary>
    public Task<HashdanceConnection> AcceptAsync(CancellationToken cancellation = default)
    {
        var done = new TaskCompletionSource<HashdanceConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellation.Register(() => done.TrySetCanceled(cancellation));
        _bridge.Tell(new AcceptBridge.AcceptRequest(done));
        return done.Task;
    }

    /// <summary>close() on the listener: un-accepted children are reset.</summary>
    public ValueTask DisposeAsync()
    {
        _bridge.Tell(Unbind.Instance);
        return ValueTask.CompletedTask;
    }
}
