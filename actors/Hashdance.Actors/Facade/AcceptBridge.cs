using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Facade;

/// <summary>
/// The bind handler behind a <see cref="HashdanceListener"/>: it binds in pull mode and asks the listener for one
/// child per pending <see cref="AcceptRequest"/>. A child delivered after its caller gave up waits for the next
/// request rather than being lost.
/// </summary>
public sealed class AcceptBridge : UntypedActor
{
    private readonly IActorRef _manager;
    private readonly Bind _bind;
    private readonly TaskCompletionSource<object> _bound;
    private readonly Queue<TaskCompletionSource<HashdanceConnection>> _waiting = new();
    private readonly Queue<(IActorRef Child, Connected Connected)> _ready = new();
    private IActorRef _listener = ActorRefs.Nobody;

    public AcceptBridge(IActorRef manager, Ipv4Endpoint local, int backlog, SocketOptions? options, TaskCompletionSource<object> bound)
    {
        _manager = manager;
        _bind = new Bind(Self, local, backlog, options, PullMode: true);
        _bound = bound;
    }

    public static Props Props(IActorRef manager, Ipv4Endpoint local, int backlog, SocketOptions? options, TaskCompletionSource<object> bound) =>
        Akka.Actor.Props.Create(() => new AcceptBridge(manager, local, backlog, options, bound));

    /// <summary>One accept() call waiting for a child.</summary>
    public sealed record AcceptRequest(TaskCompletionSource<HashdanceConnection> Done);

    protected override void PreStart() => _manager.Tell(_bind);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Bound bound:
                _listener = Sender;
                _bound.TrySetResult(bound);
                break;
            case CommandFailed failed:
                _bound.TrySetResult(failed);
                Context.Stop(Self);
                break;
            case AcceptRequest request:
                _waiting.Enqueue(request.Done);
                _listener.Tell(new ResumeAccepting(1));
                Match();
                break;
            case Connected connected:
                _ready.Enqueue((Sender, connected));
                Match();
                break;
            case Unbind:
                _listener.Tell(Unbind.Instance);
                break;
            case Unbound:
                // accept() on a closed listener fails with EINVAL; accepted connections live on, so the bridge (their
                // parent) stays until the last of them is gone.
                _closed = true;
                foreach (var waiting in _waiting) waiting.TrySetException(new HashdanceSocketException(SocketError.InvalidArgument, "the listener was closed"));
                _waiting.Clear();
                StopWhenIdle();
                break;
            case Terminated:
                StopWhenIdle();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private bool _closed;

    private void StopWhenIdle()
    {
        if (_closed && !Context.GetChildren().Any()) Context.Stop(Self);
    }

    private void Match()
    {
        while (_ready.Count > 0 && _waiting.Count > 0)
        {
            var done = _waiting.Dequeue();
            if (done.Task.IsCompleted) continue;
            var (child, connected) = _ready.Dequeue();
            var bridge = Context.ActorOf(ConnectionBridge.ForAccepted(done));
            Context.Watch(bridge);
            // The child registers with the connection's own bridge, which completes the caller's task.
            bridge.Tell(connected, child);
        }
    }
}
