using Akka.Actor;
using Hashdance.Actors.Support;
using Akka.Event;
using Hashdance.Actors.Api;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Stack;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// A listening socket: the shell of <see cref="ListenerCore"/> (tcp_rcv_state_process in LISTEN, tcp_conn_request,
/// cookie_v4_check) and the parent of its request socks and children, as the design card asks. It owns the accept
/// queue: children join it when created (inet_csk_reqsk_queue_add) and leave it on accept(), which in push mode
/// happens at once and in pull mode on <see cref="ResumeAccepting"/>. Children are stopped when they fail; the
/// listener stays alive after close() until its accepted children are gone, because they are its actor children.
/// </summary>
public sealed class ListenerActor : UntypedActor
{
    private readonly StackContext _stack;
    private readonly Bind _bind;
    private readonly IActorRef _commander;
    private readonly ListenerContext _context;
    private readonly ListenerCore _core;
    private readonly ActorTcpOutput _output;
    private readonly Props _childProps;
    private readonly Props _requestProps;
    private readonly Queue<IActorRef> _acceptQueue = new();
    private readonly Dictionary<IActorRef, FourTuple> _queued = new();
    // Cookie children and migrated requests not yet confirmed in the ehash, by 4-tuple (and back).
    private readonly Dictionary<FourTuple, IActorRef> _cookieChildren = new();
    private readonly Dictionary<IActorRef, FourTuple> _cookieTuples = new();
    private int _acceptCredit;
    private bool _bound;
    private bool _closed;

    public ListenerActor(StackContext stack, Bind bind, IActorRef commander)
    {
        _stack = stack;
        _bind = bind;
        _commander = commander;
        _context = new ListenerContext(bind.LocalAddress, stack.Sysctls, bind.Options ?? SocketOptions.Default, bind.Backlog,
            stack.Settings.RouteAdvMss, stack.Secrets, stack.Mib) { PathMtus = stack.PathMtus };
        _core = new ListenerCore(_context);
        var log = Context.GetLogger();
        _core.SynFloodWarning += text => log.Warning(text);
        _output = new ActorTcpOutput(stack.Egress, stack.Clock, Self, Context.System.Scheduler);
        _childProps = ConnectionActor.Passive(stack, _context);
        _requestProps = RequestSockActor.Props(stack, _context);
    }

    public static Props Props(StackContext stack, Bind bind, IActorRef commander) =>
        FastProps.Of(() => new ListenerActor(stack, bind, commander));

    /// <summary>Asks for the listener's queue counters; answered with <see cref="QueueState"/>.</summary>
    public sealed record GetQueueState
    {
        public static GetQueueState Instance { get; } = new();
    }

    /// <summary>
    /// qlen, young, sk_ack_backlog and the backlog limit, as ss -lt would show them, and how many child actors
    /// (request socks and children not yet stopped) the listener has, so leaks are visible.
    /// </summary>
    public sealed record QueueState(int RequestQueueLength, int Young, int AcceptQueueLength, int Backlog, int Children);

    /// <summary>Asks for the children waiting in the accept queue; answered with <see cref="AcceptQueue"/>.</summary>
    public sealed record GetAcceptQueue
    {
        public static GetAcceptQueue Instance { get; } = new();
    }

    /// <summary>The 4-tuples of the children in the accept queue, oldest first (what accept() would return next).</summary>
    public sealed record AcceptQueue(IReadOnlyList<FourTuple> Children);

    /// <summary>Failing request socks and connections are stopped: a restarted TCB would be a lie (Akka.IO does the same).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => _stack.Ingress.Tell(new ListenerAdd(_bind.LocalAddress, Self, _context.Options.ReusePort));

    /// <summary>A reuseport member with tcp_migrate_req = 1 lets the ingress keep each request's state for migration.</summary>
    private bool MigratesRequests => _context.Options.ReusePort && _context.Sysctls.TcpMigrateReq != 0;

    private long Now => _stack.Clock.NowMicros;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SegmentArrived arrived:
                OnSegment(arrived);
                break;
            case SynFromTimeWait recycled:
                // TCP_TW_SYN: the TIME_WAIT entry chose the ISN (tcp_v4_rcv's tcp_tw_isn).
                OnSegment(recycled.Segment, recycled.Isn);
                break;
            case MigrateRequest migrate:
                OnMigratedRequest(migrate.State);
                break;
            case MigrateChild migrate:
                OnMigratedChild(migrate.Child, migrate.Tuple);
                break;
            case ChildWanted wanted:
                OnChildWanted(wanted, Sender);
                break;
            case Hashed:
                // A cookie child's ehash entry exists: every later segment of its 4-tuple reaches it directly, and
                // the ones that reached us first were forwarded before this message could arrive.
                ForgetCookie(Sender);
                break;
            case ReplaceFailed failed:
                // The request vanished before its child took its place (!own_req): the child is destroyed.
                Forget(failed.Child);
                Context.Stop(failed.Child);
                break;
            case ResumeAccepting resume:
                _acceptCredit += Math.Max(resume.BatchSize, 0);
                DeliverAccepted();
                break;
            case ListenerAdded:
                _bound = true;
                _commander.Tell(new Bound(_bind.LocalAddress), Self);
                break;
            case ListenerAddFailed failed:
                _commander.Tell(new CommandFailed(_bind, failed.Error, failed.Reason), Self);
                _closed = true;
                Context.Stop(Self);
                break;
            case Unbind:
                Close(migrateChildren: true);
                Sender.Tell(Unbound.Instance, Self);
                StopWhenChildless();
                break;
            case GetQueueState:
                Sender.Tell(new QueueState(_context.Queue.Length, _context.Queue.Young, _context.Queue.AckBacklog, _context.Queue.MaxAckBacklog,
                    Context.GetChildren().Count()));
                break;
            case GetAcceptQueue:
                var waiting = new List<FourTuple>(_queued.Count);
                foreach (var queued in _acceptQueue)
                {
                    if (_queued.TryGetValue(queued, out var tuple)) waiting.Add(tuple);
                }
                Sender.Tell(new AcceptQueue(waiting));
                break;
            case Terminated terminated:
                Forget(terminated.ActorRef);
                StopWhenChildless();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <param name="timeWaitIsn">The ISN a TIME_WAIT entry handed over with its SYN; 0 for any other segment.</param>
    private void OnSegment(SegmentArrived arrived, uint timeWaitIsn = 0)
    {
        var ownsFrame = true;
        try
        {
            var segment = SegmentReader.Read(arrived, _context.ParseSettings, out _);
            _stack.CrashPoints?.Reached(CrashPoint.ListenerOnSegment, segment.Tuple);
            // A cookie child not yet confirmed in the ehash: segments for it still reach the listener.
            if (_cookieChildren.TryGetValue(segment.Tuple, out var pending))
            {
                ownsFrame = false;
                pending.Tell(arrived);
                return;
            }
            var synHeaders = SegmentReader.SynHeaders(arrived, _context.Options.SaveSyn);
            var verdict = timeWaitIsn != 0
                ? _core.OnSynFromTimeWait(segment, timeWaitIsn, synHeaders, Now, _output, out var request)
                : _core.OnSegment(segment, synHeaders, Now, _output, out request);
            switch (verdict)
            {
                case ListenerVerdict.RequestCreated:
                    var requestSock = Context.ActorOf(_requestProps);
                    requestSock.Tell(new StartRequestSock(request!));
                    Context.Watch(requestSock);
                    _stack.Ingress.Tell(new EhashInsert(request!.Tuple, requestSock, MigratesRequests ? request : null));
                    break;
                case ListenerVerdict.CookieChildCreated:
                    if (!_core.TryQueueChild())
                    {
                        _stack.CrashPoints?.Reached(CrashPoint.ListenerAcceptQueueFull, request!.Tuple);
                        break;
                    }
                    ownsFrame = false;
                    AdoptUnhashedChild(SpawnChild(new StartPassiveChild(request!, arrived, AwaitHandOff: false)), request!.Tuple);
                    break;
                case ListenerVerdict.FastOpenChildCreated:
                    // The core already queued the child (tcp_fastopen_create_child); it sends its own SYN-ACK.
                    ownsFrame = false;
                    AdoptUnhashedChild(SpawnChild(new StartFastOpenChild(request!, arrived)), request!.Tuple);
                    break;
            }
        }
        finally
        {
            if (ownsFrame) arrived.Frame.Dispose();
        }
    }

    /// <summary>
    /// reqsk_queue_migrated: a request of a member that left the group joins this listener's SYN queue under a new
    /// request sock; segments that reach the listener before the ingress hashes it are passed on to it.
    /// </summary>
    private void OnMigratedRequest(RequestSockState state)
    {
        if (_closed) return;
        _context.Queue.RequestAdded();
        var requestSock = Context.ActorOf(_requestProps);
        requestSock.Tell(new StartRequestSock(state));
        Context.Watch(requestSock);
        _cookieChildren[state.Tuple] = requestSock;
        _cookieTuples[requestSock] = state.Tuple;
        _stack.Ingress.Tell(new EhashInsert(state.Tuple, requestSock, MigratesRequests ? state : null));
    }

    /// <summary>
    /// A child of a member that closed joins this listener's accept queue (it keeps running where it is, possibly on
    /// another node); a full queue or a closed listener resets it, as a failed migration does.
    /// </summary>
    private void OnMigratedChild(IActorRef child, FourTuple tuple)
    {
        if (_closed || !_core.TryQueueChild())
        {
            child.Tell(ListenerClosed.Instance);
            return;
        }
        Context.Watch(child);
        Enqueue(child, tuple);
    }

    private void OnChildWanted(ChildWanted wanted, IActorRef requestSock)
    {
        _stack.CrashPoints?.Reached(CrashPoint.ListenerOnChildWanted, wanted.State.Tuple);
        if (_closed || !_core.TryQueueChild())
        {
            if (!_closed) _stack.CrashPoints?.Reached(CrashPoint.ListenerAcceptQueueFull, wanted.State.Tuple);
            requestSock.Tell(new ChildRefused(wanted.Ack));
            return;
        }
        var child = SpawnChild(new StartPassiveChild(wanted.State, wanted.Ack, AwaitHandOff: true));
        _stack.Ingress.Tell(new EhashReplace(wanted.State.Tuple, requestSock, child));
        Enqueue(child, wanted.State.Tuple);
    }

    /// <param name="start">A <see cref="StartPassiveChild"/> or a <see cref="StartFastOpenChild"/>.</param>
    private IActorRef SpawnChild(object start)
    {
        var child = Context.ActorOf(_childProps);
        // First in the child's mailbox: nobody else knows the child before the ehash and the accept queue do.
        child.Tell(start);
        Context.Watch(child);
        return child;
    }

    /// <summary>
    /// A child made without a request sock in the ehash (a cookie or Fast Open child): segments of its 4-tuple still
    /// reach the listener until the ingress confirms its insertion, and are passed on to it; it joins the accept queue.
    /// </summary>
    private void AdoptUnhashedChild(IActorRef child, FourTuple tuple)
    {
        _cookieChildren[tuple] = child;
        _cookieTuples[child] = tuple;
        _stack.Ingress.Tell(new EhashInsert(tuple, child));
        Enqueue(child, tuple);
    }

    private void Enqueue(IActorRef child, FourTuple tuple)
    {
        _acceptQueue.Enqueue(child);
        _queued.Add(child, tuple);
        DeliverAccepted();
    }

    /// <summary>accept(): hand children to the bind handler, FIFO, while push mode or pull credit allows.</summary>
    private void DeliverAccepted()
    {
        while (_acceptQueue.Count > 0 && (!_bind.PullMode || _acceptCredit > 0))
        {
            var child = _acceptQueue.Dequeue();
            if (!_queued.Remove(child)) continue;
            _context.Queue.ChildDequeued();
            if (_bind.PullMode) _acceptCredit--;
            child.Tell(new Accepted(_bind.Handler));
        }
    }

    /// <summary>A child left without being accepted (destroyed, failed): it no longer counts in sk_ack_backlog.</summary>
    private void Forget(IActorRef actor)
    {
        if (_queued.Remove(actor)) _context.Queue.ChildDequeued();
        ForgetCookie(actor);
    }

    private void ForgetCookie(IActorRef child)
    {
        if (_cookieTuples.Remove(child, out var tuple)) _cookieChildren.Remove(tuple);
    }

    /// <summary>
    /// close() on the listener (inet_csk_listen_stop): leave LISTEN, unhash, reset every un-accepted child
    /// (inet_child_forget). Request socks are left alone: their next timer or segment finds the listener closed. A
    /// reuseport member with tcp_migrate_req = 1 closing by Unbind hands its un-accepted children to the ingress,
    /// which moves them to another member (its pending requests move with the unhash); when the listener stops
    /// instead, its children stop with it and there is nothing to move.
    /// </summary>
    private void Close(bool migrateChildren = false)
    {
        if (_closed) return;
        _closed = true;
        _core.Close();
        var unaccepted = new List<IActorRef>();
        var unacceptedTuples = new List<FourTuple>();
        while (_acceptQueue.Count > 0)
        {
            var child = _acceptQueue.Dequeue();
            if (!_queued.Remove(child, out var tuple)) continue;
            _context.Queue.ChildDequeued();
            unaccepted.Add(child);
            unacceptedTuples.Add(tuple);
        }
        var migrate = migrateChildren && _bound && MigratesRequests && unaccepted.Count > 0;
        if (_bound) _stack.Ingress.Tell(new ListenerRemove(_bind.LocalAddress, Self, migrate ? unaccepted : null, migrate ? unacceptedTuples : null));
        if (migrate) return;
        foreach (var child in unaccepted) child.Tell(ListenerClosed.Instance);
    }

    private void StopWhenChildless()
    {
        if (_closed && !Context.GetChildren().Any()) Context.Stop(Self);
    }

    /// <summary>
    /// Stopped without Unbind (it failed, or its parent stopped): the handler learns that the listener is gone. Akka
    /// stops the listener's children with it; each connection resets its peer on the way, as tcp_disconnect would.
    /// </summary>
    protected override void PostStop()
    {
        if (_closed) return;
        Close();
        _bind.Handler.Tell(new ErrorClosed(SocketError.InvalidArgument, "the listener stopped"), Self);
    }
}
