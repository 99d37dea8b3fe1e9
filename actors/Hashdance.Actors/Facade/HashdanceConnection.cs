using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Facade;

/// <summary>
/// An established connection for code that is not an actor: what <see cref="ConnectAsync"/> or
/// <see cref="HashdanceListener.AcceptAsync"/> returns. Its events go to a small bridge actor registered as its
/// handler. Disposing aborts the connection (RST, as close() with SO_LINGER {1, 0}) until an orderly close exists.
/// </summary>
public sealed class HashdanceConnection : IAsyncDisposable
{
    internal HashdanceConnection(IActorRef connection, IActorRef bridge, Ipv4Endpoint local, Ipv4Endpoint remote)
    {
        Actor = connection;
        Bridge = bridge;
        LocalAddress = local;
        RemoteAddress = remote;
    }

    /// <summary>The connection actor, for code that wants to speak the Akka.IO-style protocol directly.</summary>
    public IActorRef Actor { get; }

    internal IActorRef Bridge { get; }

    public Ipv4Endpoint LocalAddress { get; }
    public Ipv4Endpoint RemoteAddress { get; }

    /// <summary>connect(): an active open to <paramref name="remote"/>; throws <see cref="HashdanceSocketException"/> on ECONNREFUSED, ETIMEDOUT, …</summary>
    public static Task<HashdanceConnection> ConnectAsync(HashdanceStack stack, Ipv4Endpoint remote, SocketOptions? options = null,
        CancellationToken cancellation = default)
    {
        var done = new TaskCompletionSource<HashdanceConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bridge = stack.System.ActorOf(ConnectionBridge.ForConnect(stack.Manager, new Connect(remote, null, options), done));
        cancellation.Register(() =>
        {
            if (done.TrySetCanceled(cancellation)) bridge.Tell(ConnectionBridge.Cancelled.Instance);
        });
        return done.Task;
    }

    public ValueTask DisposeAsync()
    {
        Actor.Tell(Abort.Instance, Bridge);
        return ValueTask.CompletedTask;
    }
}
