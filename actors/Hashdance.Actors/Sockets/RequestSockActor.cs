using Akka.Actor;
using Hashdance.Actors.Support;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// A request sock in TCP_NEW_SYN_RECV: the actor shell of <see cref="RequestSockCore"/> (tcp_check_req,
/// reqsk_timer_handler). It sends its first SYN-ACK only once the ingress confirms it is hashed, so the peer's ACK
/// can never overtake the insertion. After asking the listener for its child it holds every later segment (and its
/// timer) until the listener answers: <see cref="Unhashed"/> hands them to the child, <see cref="ChildRefused"/>
/// processes them here.
/// </summary>
public sealed class RequestSockActor : UntypedActor
{
    private readonly StackContext _stack;
    private readonly ListenerContext _listener;
    private RequestSockCore _core = null!;
    private readonly ActorTcpOutput _output;
    private List<object>? _held;

    private RequestSockActor(StackContext stack, ListenerContext listener)
    {
        _stack = stack;
        _listener = listener;
        _output = new ActorTcpOutput(stack.Egress, stack.Clock, Self, Context.System.Scheduler);
    }

    /// <summary>The Props every request sock of one listener shares; each starts on <see cref="StartRequestSock"/>.</summary>
    public static Props Props(StackContext stack, ListenerContext listener) => FastProps.Of(() => new RequestSockActor(stack, listener));

    private FourTuple Tuple => _core.State.Tuple;
    private long Now => _stack.Clock.NowMicros;

    protected override void OnReceive(object message)
    {
        // A segment the ingress routed here in its pooled slot: the handshake path keeps it as a record.
        if (message is FrameSlot slot) message = SegmentArrived.From(slot);
        if (_held is not null && message is SegmentArrived or TimersDue or IcmpErrorArrived)
        {
            _held.Add(message);
            return;
        }
        switch (message)
        {
            case StartRequestSock start:
                _core = new RequestSockCore(start.State, _listener);
                break;
            case SegmentArrived arrived:
                OnSegment(arrived);
                break;
            case TimersDue due:
                if (_output.Deadlines.IsCurrentWakeUp(due.Generation)) OnTimersDue();
                break;
            case Hashed:
                _core.OnHashed(Now, _output);
                _stack.CrashPoints?.Reached(CrashPoint.RequestSockAfterSynAck, Tuple);
                break;
            case HashFailed:
                _core.OnHashFailed();
                Context.Stop(Self);
                break;
            case ChildRefused refused:
                OnChildRefused(refused);
                break;
            case Unhashed unhashed:
                _core.OnHandedToChild(_output);
                var held = _held ?? [];
                _held = null;
                // Sent without a sender: an ActorCell keeps its last envelope, and for most children the hand-off is
                // the last message before they go idle, which would keep this stopped actor's cell alive with them.
                unhashed.Successor.Tell(new HandOff(TakeSegments(held)), ActorRefs.NoSender);
                Context.Stop(Self);
                break;
            case IcmpErrorArrived icmp:
                if (_core.OnIcmpError(icmp.QuotedSeq, RequestSockCore.IcmpAbortsRequest(icmp.Type, icmp.Code), _output)) Leave();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>reqsk_timer_handler, when the request's one timer kind (the SYN-ACK timer) is due.</summary>
    private void OnTimersDue()
    {
        var deadlines = _output.Deadlines;
        deadlines.BeginExpiry();
        while (deadlines.TryTakeDue(Now, out var timer))
        {
            if (timer != TcpTimer.SynAck) continue;
            _stack.CrashPoints?.Reached(CrashPoint.RequestSockOnTimer, Tuple);
            if (_core.OnTimer(Now, _output) != RequestTimerVerdict.Expired) continue;
            Leave();
            return;
        }
        _output.EndExpiry();
    }

    private void OnSegment(SegmentArrived arrived)
    {
        if (_stack.CrashPoints is { } crashPoints)
        {
            // A crash must not leak the frame's pooled buffer.
            try
            {
                crashPoints.Reached(CrashPoint.RequestSockOnSegment, Tuple);
            }
            catch
            {
                arrived.Frame.Dispose();
                throw;
            }
        }
        var segment = Parse(arrived);
        switch (_core.OnSegment(segment, Now, _output))
        {
            case CheckReqVerdict.Consumed:
                arrived.Frame.Dispose();
                break;
            case CheckReqVerdict.Removed:
                arrived.Frame.Dispose();
                Leave();
                break;
            case CheckReqVerdict.PassToListener:
                // tcp_v4_rcv step 8e: handled as if it had reached the listener (which answers a bad ACK with a RST).
                Context.Parent.Tell(arrived);
                break;
            case CheckReqVerdict.Relookup:
                Relookup(arrived, []);
                break;
            case CheckReqVerdict.ChildWanted:
                _held = [];
                Context.Parent.Tell(new ChildWanted(_core.State, arrived));
                break;
        }
    }

    private void OnChildRefused(ChildRefused refused)
    {
        var held = _held ?? [];
        _held = null;
        if (!_listener.Listening)
        {
            // The listener closed while it was deciding: tcp_v4_rcv drops the request and looks the ACK up again
            // (it then finds no socket and answers with a RST), and so for everything that followed it.
            _core.OnSegment(Parse(refused.Ack), Now, _output);
            Relookup(refused.Ack, TakeSegments(held));
            return;
        }
        var verdict = _core.OnChildRefused(Parse(refused.Ack), Now, _output);
        refused.Ack.Frame.Dispose();
        if (verdict == CheckReqVerdict.Removed)
        {
            foreach (var segment in TakeSegments(held)) segment.Frame.Dispose();
            Leave();
            return;
        }
        foreach (var m in held)
        {
            if (_held is not null) _held.Add(m);
            else OnReceive(m);
        }
    }

    /// <summary>
    /// The request is gone (its listener closed): unhash, then let the ingress look the segments up again, in order.
    /// </summary>
    private void Relookup(SegmentArrived first, List<SegmentArrived> rest)
    {
        _stack.Ingress.Tell(new EhashRemove(Tuple, Self));
        _stack.Ingress.Tell(first);
        foreach (var segment in rest) _stack.Ingress.Tell(segment);
        Context.Stop(Self);
    }

    private TcpSegment Parse(SegmentArrived arrived) => SegmentReader.Read(arrived, _listener.ParseSettings, out _);

    private static List<SegmentArrived> TakeSegments(List<object> held)
    {
        var segments = new List<SegmentArrived>(held.Count);
        foreach (var m in held)
        {
            if (m is SegmentArrived s) segments.Add(s);
        }
        return segments;
    }

    /// <summary>The request is over (expired, reset, refused): unhash it and stop. The core already released its queue slot.</summary>
    private void Leave()
    {
        _stack.Ingress.Tell(new EhashRemove(Tuple, Self));
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _output.Stop();
        if (_core is null) return;
        // A request that dies any other way (a crash) still gives its queue slot back exactly once and leaves the
        // ehash (the ingress only removes the entry if this actor still owns it).
        if (!_core.IsRemoved) _core.OnHashFailed();
        _stack.Ingress.Tell(new EhashRemove(Tuple, Self));
        if (_held is not null)
        {
            foreach (var segment in TakeSegments(_held)) segment.Frame.Dispose();
        }
    }
}
