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
    private HashdanceConnection? _facade;

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

    /// <summary>The ack of a facade Write or Shutdown: completes <paramref name="Done"/> (or faults it on CommandFailed).</summary>
    internal sealed record CommandDone(TaskCompletionSource Done);

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
                // One writer that waits for each ack (no NACK suspension needed); received bytes in pooled arrays.
                Sender.Tell(new RegisterPooled(Self));
                _facade = new HashdanceConnection(Sender, Self, connected.LocalAddress, connected.RemoteAddress);
                if (_cancelled || !_done.TrySetResult(_facade))
                    Sender.Tell(Abort.Instance);
                break;
            case PooledReceived received:
                var suspend = _facade!.OnReceived(received.Buffer, received.Count, received.BufferPool);
                received.Return();
                if (suspend) Sender.Tell(SuspendReading.Instance);
                break;
            case CommandDone ack:
                ack.Done.TrySetResult();
                break;
            case ReusableCompletion sent:
                // The ack of a facade SendAsync without a cancellation token.
                sent.SetResult();
                break;
            case CommandFailed { Command: Write { Ack: ReusableCompletion sent } } failed:
                sent.SetException(new HashdanceSocketException(failed.Error, failed.Reason));
                break;
            case CommandFailed { Command: Write { Ack: CommandDone ack } } failed:
                ack.Done.TrySetException(new HashdanceSocketException(failed.Error, failed.Reason));
                break;
            case CommandFailed { Command: Shutdown { Ack: CommandDone ack } } failed:
                ack.Done.TrySetException(new HashdanceSocketException(failed.Error, failed.Reason));
                break;
            case CommandFailed failed:
                _done.TrySetException(new HashdanceSocketException(failed.Error, failed.Reason));
                Context.Stop(Self);
                break;
            case PeerClosed:
                _facade?.OnEndOfStream();
                break;
            case ErrorClosed error:
                _facade?.OnTerminated(new HashdanceSocketException(error.Error, error.Reason));
                break;
            case Aborted:
                _facade?.OnTerminated(new HashdanceSocketException(SocketError.ConnectionReset, "the connection was aborted on this side"));
                break;
            case Closed or ConfirmedClosed:
                _facade?.OnTerminated(null);
                break;
            case Cancelled:
                _cancelled = true;
                _connection?.Tell(Abort.Instance);
                break;
            case Terminated:
                _facade?.OnTerminated(new HashdanceSocketException(SocketError.ConnectionReset, "the connection actor stopped"));
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
