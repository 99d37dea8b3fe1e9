using Akka.Actor;
using Hashdance.Actors.Support;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Facade;

/// <summary>
/// The handler actor behind a <see cref="HashdanceConnection"/>: it performs the connect (or takes over an accepted
/// child), registers itself, and completes the caller's task. A connect cancelled before it finished is aborted
/// when it completes.
/// </summary>
public sealed class ConnectionBridge : UntypedActor
{
    private readonly IActorRef? _manager;
    private readonly Connect? _connect;
    private readonly TaskCompletionSource<HashdanceConnection> _done;
    private IActorRef? _connection;
    private bool _cancelled;

    public ConnectionBridge(IActorRef? manager, Connect? connect, TaskCompletionSource<HashdanceConnection> done)
    {
        _manager = manager;
        _connect = connect;
        _done = done;
    }

    public static Props ForConnect(IActorRef manager, Connect connect, TaskCompletionSource<HashdanceConnection> done) =>
        FastProps.Of(() => new ConnectionBridge(manager, connect, done));

    public static Props ForAccepted(TaskCompletionSource<HashdanceConnection> done) =>
        FastProps.Of(() => new ConnectionBridge(null, null, done));

    /// <summary>The caller gave up waiting.</summary>
    public sealed record Cancelled
    {
        public static Cancelled Instance { get; } = new();
    }

    protected override void PreStart()
    {
        if (_connect is not null) _manager!.Tell(_connect);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected connected:
                _connection = Sender;
                Context.Watch(Sender);
                Sender.Tell(new Register(Self));
                if (_cancelled || !_done.TrySetResult(new HashdanceConnection(Sender, Self, connected.LocalAddress, connected.RemoteAddress)))
                    Sender.Tell(Abort.Instance);
                break;
            case CommandFailed failed:
                _done.TrySetException(new HashdanceSocketException(failed.Error, failed.Reason));
                Context.Stop(Self);
                break;
            case Cancelled:
                _cancelled = true;
                _connection?.Tell(Abort.Instance);
                break;
            case Terminated:
                Context.Stop(Self);
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
