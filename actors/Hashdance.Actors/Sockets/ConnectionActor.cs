using Akka.Actor;
using Hashdance.Actors.Support;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Actors.Facade;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// A full socket (struct tcp_sock): the actor shell of <see cref="TcpConnectionCore"/>. A passive child is spawned by
/// its listener, whose first message brings the request's state and the ACK that completed the handshake
/// (tcp_child_process runs on it); it then waits for the request's <see cref="HandOff"/> before handling segments that
/// reach it directly, so the ehash swap loses, reorders and repeats nothing. An active socket asks the ingress for a local port
/// (inet_hash_connect) and then sends its SYN. Events reach the handler in Akka.IO's vocabulary.
/// </summary>
public sealed class ConnectionActor : UntypedActor, ITcpOutput
{
    private readonly StackContext _stack;
    // The actor is its core's output port itself: no separate object per connection.
    private readonly ITcpOutput _output;
    // The core's timers, on the actor's one scheduled wake-up (ShellTimers).
    private readonly TcpTimerDeadlines _timerDeadlines = new();
    private ICancelable? _timerWakeUp;
    private SocketEventBuffer _events;

    // Passive child
    private readonly ListenerContext? _listener;
    private bool _passive;
    private List<SegmentArrived>? _early;

    // Active open
    private Connect? _connect;
    private IActorRef? _commander;

    private TcpConnectionCore? _core;
    private FourTuple _tuple;
    private IActorRef? _handler;
    private IActorRef? _connectedTo;
    private bool _accepted;
    private bool _peerClosedReported;
    private bool _finished;
    private TcpEvent? _terminalEvent;
    private byte[]? _savedSyn;

    // Close
    private IActorRef? _closeCommander;
    private bool _confirmedClose;
    private bool _awaitingTimeWaitHash;
    private bool _stopWhenHashed;

    private ConnectionActor(StackContext stack, ListenerContext? listener)
    {
        _stack = stack;
        _listener = listener;
        _output = this;
    }

    void ITcpOutput.Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => _stack.Egress.SendTcp(segment, payload);

    void ITcpOutput.ArmTimer(TcpTimer timer, long deadlineMicros) =>
        ShellTimers.Arm(_timerDeadlines, ref _timerWakeUp, Self, Context.System.Scheduler, _stack.Clock, timer, deadlineMicros);

    void ITcpOutput.CancelTimer(TcpTimer timer) => _timerDeadlines.Cancel(timer);

    void ITcpOutput.Notify(TcpSocketEvent socketEvent) => _events.Add(socketEvent);

    /// <summary>
    /// The Props every child of one listener shares (tcp_v4_syn_recv_sock); the child starts on
    /// <see cref="StartPassiveChild"/>, which the listener sends right after spawning it.
    /// </summary>
    public static Props Passive(StackContext stack, ListenerContext listener) => FastProps.Of(() => new ConnectionActor(stack, listener));

    /// <summary>The Props every active socket of a stack shares; the socket starts on <see cref="StartActiveOpen"/>.</summary>
    public static Props Active(StackContext stack) => FastProps.Of(() => new ConnectionActor(stack, null));

    private long Now => _stack.Clock.NowMicros;

    /// <summary>
    /// tcp_create_openreq_child reads the ACK as the listener parsed it; tcp_child_process then runs
    /// tcp_rcv_state_process with the child's own (established) option parsing.
    /// </summary>
    private void StartPassive(StartPassiveChild start)
    {
        _passive = true;
        _tuple = start.Request.Tuple;
        _savedSyn = start.Request.SavedSyn;
        if (start.AwaitHandOff) _early = [];
        var ack = start.Ack;
        try
        {
            var asListenerSaw = SegmentReader.Read(ack, _listener!.ParseSettings, out _);
            _core = TcpConnectionCore.FromRequest(start.Request, _listener, asListenerSaw, Now);
        }
        catch
        {
            ack.Frame.Dispose();
            throw;
        }
        OnSegment(ack.Frame, ack.IpOffset);
        _stack.CrashPoints?.Reached(CrashPoint.ConnectionAfterEstablished, _tuple);
    }

    /// <summary>
    /// tcp_fastopen_create_child: the child is made from the SYN (whose data it queues) and sends the SYN-ACK itself;
    /// it is in the ehash and the accept queue before any other segment of its 4-tuple can reach it.
    /// </summary>
    private void StartFastOpen(StartFastOpenChild start)
    {
        _passive = true;
        _tuple = start.Request.Tuple;
        _savedSyn = start.Request.SavedSyn;
        try
        {
            var syn = SegmentReader.Read(start.Syn, _listener!.ParseSettings, out var payload);
            _core = TcpConnectionCore.FromFastOpenSyn(start.Request, _listener, syn, payload, Now, _output);
        }
        finally
        {
            start.Syn.Frame.Dispose();
        }
        HandleEvents();
    }

    private void StartActive(StartActiveOpen start)
    {
        _connect = start.Connect;
        _commander = start.Commander;
        _accepted = true;
        if (_connect.LocalAddress is { } local && !local.Address.IsAny && local.Address != _stack.Settings.Address)
        {
            Fail(SocketError.AddressNotAvailable, $"{local.Address} is not an address of this stack");
            return;
        }
        _stack.Ingress.Tell(new ConnectHash(_connect.RemoteAddress, _connect.LocalAddress?.Port ?? 0, Self));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartPassiveChild start:
                StartPassive(start);
                break;
            case StartActiveOpen start:
                StartActive(start);
                break;
            case StartFastOpenChild start:
                StartFastOpen(start);
                break;
            case FrameSlot slot:
                // The hot path: a segment from the local ingress, in its pooled slot. The rarer states below keep it
                // as a record.
                if (_awaitingTimeWaitHash || _early is not null) OnReceive(SegmentArrived.From(slot));
                else
                {
                    var frame = slot.Claim(out var ipOffset);
                    OnSegment(frame, ipOffset);
                }
                break;
            case SegmentArrived arrived:
                // Between the hand-over to TIME_WAIT and its confirmation, segments go back to the ingress, which
                // now answers for the 4-tuple.
                if (_awaitingTimeWaitHash) _stack.Ingress.Tell(arrived);
                else if (_early is not null) _early.Add(arrived);
                else OnSegment(arrived.Frame, arrived.IpOffset);
                break;
            case TimeWaitHashed:
                _awaitingTimeWaitHash = false;
                if (_stopWhenHashed) Context.Stop(Self);
                break;
            case Close:
                OnClose(confirmed: false);
                break;
            case ConfirmedClose:
                OnClose(confirmed: true);
                break;
            case Shutdown shutdown:
                OnShutdown(shutdown);
                break;
            case TimersDue due:
                if (_timerDeadlines.IsCurrentWakeUp(due.Generation)) OnTimersDue();
                break;
            case HandOff handOff:
                var early = _early ?? [];
                _early = null;
                foreach (var s in handOff.Segments) OnSegment(s.Frame, s.IpOffset);
                foreach (var s in early) OnSegment(s.Frame, s.IpOffset);
                break;
            case Hashed hashed:
                // A cookie child is in the ehash now: its listener stops forwarding this 4-tuple's segments to it.
                Context.Parent.Tell(hashed);
                break;
            case HashFailed:
                // A cookie child whose 4-tuple already has a full socket: the kernel discards it without a word.
                _finished = true;
                Context.Stop(Self);
                break;
            case Accepted accepted:
                OnAccepted(accepted.Handler);
                break;
            case Register register:
                _handler = register.Handler;
                _useResumeWriting = register.UseResumeWriting;
                DeliverReadable();
                ReportPeerClosedIfDue();
                FinishHeldEnd();
                break;
            case RegisterPooled register:
                _handler = register.Handler;
                _useResumeWriting = false;
                _pooledDelivery = true;
                DeliverReadable();
                ReportPeerClosedIfDue();
                FinishHeldEnd();
                break;
            case PooledWrite pooled:
            {
                var (data, ack) = (pooled.Data, pooled.Ack);
                pooled.Return();
                BeginWrite(null, null, data, ack, more: false, eor: false);
                break;
            }
            case Write write:
                BeginWrite(write, write.Data.IsCompact ? write.Data : write.Data.Compact(), default, write.Ack, write.More, write.Eor);
                break;
            case SuspendReading:
                _readingSuspended = true;
                break;
            case ResumeReading:
                _readingSuspended = false;
                DeliverReadable();
                ReportPeerClosedIfDue();
                break;
            case ResumeWriting:
                OnResumeWriting();
                break;
            case DeliverQueued:
                _deliveryScheduled = false;
                DeliverReadable();
                break;
            case SetSocketOptions set:
                if (_core is null) Sender.Tell(new CommandFailed(set, SocketError.InvalidArgument, "the socket has no TCB yet"));
                else
                {
                    _core.SetOptions(set.Options, Now, _output, set.NagleWritten);
                    HandleEvents();
                }
                break;
            case GetSocketInfo:
                if (_core is null) Sender.Tell(new CommandFailed(GetSocketInfo.Instance, SocketError.InvalidArgument, "the socket has no TCB yet"));
                else Sender.Tell(SocketInfo.From(_core));
                break;
            case GetSavedSyn:
                // tcp_getsockopt(TCP_SAVED_SYN) hands the saved headers out once and frees them.
                Sender.Tell(new SavedSyn(_savedSyn));
                _savedSyn = null;
                break;
            case Abort:
                if (_core is not null) _core.Abort(Now, _output);
                Finish(Aborted.Instance, Sender);
                break;
            case ListenerClosed:
                // inet_child_forget: tcp_disconnect sends a RST where tcp_need_reset says so; the child is destroyed.
                _core?.Abort(Now, _output);
                _finished = true;
                Context.Stop(Self);
                break;
            case ConnectHashed hashed:
                _tuple = hashed.Tuple;
                var settings = _connect!.Options is { } options
                    ? new ConnectionSettings(_stack.Sysctls, options, _stack.Settings.RouteAdvMss, _stack.Secrets, _stack.Mib) { PathMtus = _stack.PathMtus }
                    : _stack.DefaultConnectionSettings;
                _core = TcpConnectionCore.Connect(hashed.Tuple, settings, Now, _output);
                HandleEvents();
                break;
            case ConnectHashFailed failed:
                Fail(failed.Error, failed.Reason);
                break;
            case IcmpErrorArrived icmp:
                // tcp_v4_err: the ingress forwards the ICMP errors quoting this 4-tuple.
                _core?.OnIcmpError(icmp.Type, icmp.Code, icmp.QuotedSeq, Now, _output, icmp.Mtu);
                HandleEvents();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// The one Akka timer fired: every kind now due runs, in the order <see cref="TcpTimerDeadlines"/> documents (all
    /// of them before the segments they provoke, as Linux's timer softirq runs a jiffy's timers before NET_RX), each
    /// followed by its events. Nothing due (the deadline moved on) only schedules the timer for the new one.
    /// </summary>
    private void OnTimersDue()
    {
        _timerDeadlines.BeginExpiry();
        // A finished connection is stopping (or its TCB is closed): a timer of the same wake-up has nothing left to do.
        while (!_finished && _timerDeadlines.TryTakeDue(Now, out var timer))
        {
            _core?.OnTimer(timer, Now, _output);
            HandleEvents();
        }
        ShellTimers.EndExpiry(_timerDeadlines, ref _timerWakeUp, Self, Context.System.Scheduler, _stack.Clock);
    }

    /// <summary>Handles one segment; <paramref name="frame"/> is this actor's and is disposed here, whatever happens.</summary>
    private void OnSegment(PooledFrame frame, int ipOffset)
    {
        try
        {
            if (_core is null || _finished) return;
            _stack.CrashPoints?.Reached(CrashPoint.ConnectionOnSegment, _tuple);
            var segment = SegmentReader.Read(frame, ipOffset, _core.ParseSettings, out var payload);
            _core.OnSegment(segment, payload, Now, _output);
        }
        finally
        {
            frame.Dispose();
        }
        HandleEvents();
    }

    /// <summary>
    /// Close: tcp_close (orphan; Closed when the TCB is gone). ConfirmedClose: shutdown(SHUT_WR) and wait for the
    /// peer's FIN (ConfirmedClosed when both FINs are acknowledged).
    /// </summary>
    private void OnClose(bool confirmed)
    {
        if (_finished) return;
        _closeCommander = Sender;
        _confirmedClose = confirmed;
        if (_pendingWrite is not null && _core is not null)
        {
            // Akka.IO finishes a pending write before it closes (ClosingWithPendingWrite); on Linux the write() would
            // have returned before close() could be called.
            _closeAfterWrite = true;
            return;
        }
        if (_core is null)
        {
            // No TCB yet (the local port is being chosen): nothing was sent, nothing to say to the peer.
            Finish(confirmed ? ConfirmedClosed.Instance : Closed.Instance, Sender);
            return;
        }
        if (confirmed) _core.Shutdown(ShutdownHow.Write, Now, _output);
        else _core.Close(Now, _output);
        HandleEvents();
    }

    private void OnShutdown(Shutdown shutdown)
    {
        var errno = _core?.Shutdown(shutdown.How, Now, _output) ?? Errno.ENOTCONN;
        HandleEvents();
        if (errno != 0) Sender.Tell(new CommandFailed(shutdown, SocketError.NotConnected, "the connection is not open"));
        else if (shutdown.Ack is not null) Sender.Tell(shutdown.Ack);
    }

    /// <summary>
    /// The core's TCB is gone in an orderly way (LAST_ACK acknowledged, TIME_WAIT, an orphan's end). A TIME_WAIT entry
    /// replaces this actor in the ehash; the actor stops once the ingress confirms.
    /// </summary>
    private void OnCoreClosed()
    {
        if (_finished || _core is null) return;
        // The actor stops now: what the queue still holds is handed over even while reading is suspended.
        _readingSuspended = false;
        DeliverReadable();
        ReportPeerClosedIfDue();
        var timeWait = _core.TakeTimeWait();
        if (timeWait is not null)
        {
            _awaitingTimeWaitHash = true;
            _stack.Ingress.Tell(new TimeWaitHandOff(_tuple, Self, timeWait));
        }
        Terminate(_confirmedClose ? ConfirmedClosed.Instance : Closed.Instance);
    }

    private void OnAccepted(IActorRef handler)
    {
        _accepted = true;
        _core?.MarkAccepted();
        _connectedTo = handler;
        handler.Tell(new Connected(Remote, Local), Self);
        // A child that ended before accept() with data still queued keeps it for its handler (tcp_recvmsg returns
        // the receive queue before sk_err): the end is reported after Register.
        if (_terminalEvent is not null && _core is not { ReadableBytes: > 0 }) Finish(_terminalEvent, handler);
    }

    /// <summary>The end of a child that died before accept() with unread data, once its handler has the data.</summary>
    private void FinishHeldEnd()
    {
        if (!_accepted || _terminalEvent is not { } terminal) return;
        _terminalEvent = null;
        Finish(terminal, _handler);
    }

    /// <summary>
    /// Queues a Write in the send buffer (tcp_sendmsg). What does not fit waits, as a blocking send() would, until
    /// the core reports space (sk_stream_write_space); the Ack goes out once the last byte is queued. A Write that
    /// arrives while one waits is refused with CommandFailed (EAGAIN) and, with Register.UseResumeWriting, so is
    /// every later one until ResumeWriting: Akka.IO's NACK model (TcpConnection's WritingSuspended status).
    /// </summary>
    private void BeginWrite(Write? command, ByteString? bytes, ReadOnlyMemory<byte> memory, object? ack, bool more, bool eor)
    {
        if (_core is null || _closeAfterWrite || !_core.CanSend)
        {
            Sender.Tell(new CommandFailed(command ?? Equivalent(ack, more), SocketError.BrokenPipe, "the connection is not open for writing"));
            return;
        }
        if (_writingSuspended)
        {
            Sender.Tell(new CommandFailed(command ?? Equivalent(ack, more), SocketError.WouldBlock, "writing is suspended until ResumeWriting"));
            return;
        }
        if (_pendingWrite is not null)
        {
            Sender.Tell(new CommandFailed(command ?? Equivalent(ack, more), SocketError.WouldBlock, "a previous write is still waiting for send-buffer space"));
            if (_useResumeWriting) _writingSuspended = true;
            return;
        }
        // One write is pending at a time, so one PendingWrite object serves them all.
        _pendingWrite = (_spareWrite ?? new PendingWrite()).Set(command, bytes, memory, ack, more, eor, Sender);
        _spareWrite = null;
        ContinuePendingWrite();
    }

    /// <summary>The Write a pooled facade write stands for, for a CommandFailed (only built on failure).</summary>
    private static Write Equivalent(object? ack, bool more) => new(ByteString.Empty, ack, more);

    private void OnResumeWriting()
    {
        _writingSuspended = false;
        if (_pendingWrite is null) Sender.Tell(WritingResumed.Instance);
        else if (_resumeWritingRequester is null) _resumeWritingRequester = Sender;
        else Sender.Tell(new CommandFailed(ResumeWriting.Instance, SocketError.InvalidArgument, "another actor is already waiting for WritingResumed"));
    }

    private void ContinuePendingWrite()
    {
        var pending = _pendingWrite;
        if (pending is null || _core is null) return;
        if (!_core.CanSend)
        {
            _pendingWrite = null;
            pending.Commander.Tell(new CommandFailed(pending.Command ?? Equivalent(pending.Ack, pending.More), SocketError.BrokenPipe, "the connection closed before the write was queued"));
            return;
        }
        // A compact ByteString's own array (or the facade caller's memory) goes straight into the send queue.
        var remaining = pending.Span[pending.Offset..];
        var queued = _core.Send(remaining, Now, _output, pending.More, pending.Eor);
        pending.Offset += queued;
        if (queued < remaining.Length) return;
        _pendingWrite = null;
        if (pending.Ack is { } ack and not NoAck) pending.Commander.Tell(ack);
        _spareWrite = pending.Clear();
        if (_resumeWritingRequester is not null)
        {
            _resumeWritingRequester.Tell(WritingResumed.Instance);
            _resumeWritingRequester = null;
        }
        if (_closeAfterWrite)
        {
            _closeAfterWrite = false;
            if (_confirmedClose) _core.Shutdown(ShutdownHow.Write, Now, _output);
            else _core.Close(Now, _output);
        }
    }

    private sealed class PendingWrite
    {
        /// <summary>The Write as the application sent it; null for a pooled facade write.</summary>
        public Write? Command { get; private set; }
        private ByteString? _bytes;
        private ReadOnlyMemory<byte> _memory;
        public ReadOnlySpan<byte> Span => _bytes is { } bytes ? bytes.ToReadOnlySpan() : _memory.Span;
        public object? Ack { get; private set; }
        public bool More { get; private set; }
        public bool Eor { get; private set; }
        public IActorRef Commander { get; private set; } = ActorRefs.Nobody;
        public int Offset { get; set; }

        public PendingWrite Set(Write? command, ByteString? bytes, ReadOnlyMemory<byte> memory, object? ack, bool more, bool eor, IActorRef commander)
        {
            Eor = eor;
            Command = command;
            _bytes = bytes;
            _memory = memory;
            Ack = ack;
            More = more;
            Commander = commander;
            Offset = 0;
            return this;
        }

        /// <summary>Drops the references (the data may be large) so the object can wait for the next write.</summary>
        public PendingWrite Clear() => Set(null, null, default, null, false, false, ActorRefs.Nobody);
    }

    private PendingWrite? _pendingWrite;
    private PendingWrite? _spareWrite;
    private bool _useResumeWriting = true;
    private bool _writingSuspended;
    private IActorRef? _resumeWritingRequester;
    private bool _closeAfterWrite;
    private bool _readingSuspended;

    /// <summary>Acts on the events the core raised while it handled the last input.</summary>
    private void HandleEvents()
    {
        var closed = false;
        var writable = false;
        for (var i = 0; i < _events.Count; i++)
        {
            switch (_events[i])
            {
                case TcpSocketEvent.Established:
                    if (_commander is not null)
                    {
                        _connectedTo = _commander;
                        _commander.Tell(new Connected(Remote, Local), Self);
                    }
                    break;
                case TcpSocketEvent.DataReadable:
                    if (_pooledDelivery) ScheduleDelivery();
                    else DeliverReadable();
                    break;
                case TcpSocketEvent.PeerClosed:
                    ReportPeerClosedIfDue();
                    break;
                case TcpSocketEvent.Reset:
                    if (_core?.State == TcpState.Close && _commander is not null && !_everConnected) Fail(SocketError.ConnectionRefused, "the peer answered the SYN with a RST");
                    else Terminate(new ErrorClosed(SocketError.ConnectionReset, "connection reset by peer"));
                    break;
                case TcpSocketEvent.TimedOut:
                    if (_commander is not null && !_everConnected) Fail(SocketError.TimedOut, "no answer to the SYN within tcp_syn_retries");
                    else Terminate(new ErrorClosed(SocketError.TimedOut, "retransmissions ran out"));
                    break;
                case TcpSocketEvent.Unreachable:
                    var (error, reason) = IcmpError(_core!.IcmpErrno);
                    if (_commander is not null && !_everConnected) Fail(error, reason);
                    else Terminate(new ErrorClosed(error, reason));
                    break;
                case TcpSocketEvent.Closed:
                    closed = true;
                    break;
                case TcpSocketEvent.Writable:
                    writable = true;
                    break;
            }
            if (_events[i] == TcpSocketEvent.Established) _everConnected = true;
        }
        _events.Clear();
        if (writable && _pendingWrite is not null)
        {
            ContinuePendingWrite();
            // A close deferred behind the write may have raised events of its own.
            if (_events.Count > 0) HandleEvents();
        }
        // Last: the core may report its end before the data and the FIN of the same segment.
        if (closed) OnCoreClosed();
    }

    private bool _everConnected;

    private bool _pooledDelivery;

    /// <summary>The receive buffers a pooled handler gives back once it has read them (see <see cref="PooledReceived"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> _receiveBuffers = new();

    /// <summary>The delivery messages a pooled handler gives back (see <see cref="PooledReceived"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<PooledReceived> _receivedPool = new();

    /// <summary>
    /// For the facade (whose reader runs on its own thread, as a Linux application wakes after the softirq has
    /// queued what arrived): one delivery per mailbox turn, queued behind the segments already in the mailbox, so a
    /// burst is read at once. The core then sees the reads after the burst, as tcp_rcv_established sees recvmsg, and
    /// acknowledges by its delayed-ACK rules instead of a window update per segment. Actor-level handlers keep one
    /// Received per readable event.
    /// </summary>
    private void ScheduleDelivery()
    {
        if (_deliveryScheduled || _handler is null || _readingSuspended) return;
        _deliveryScheduled = true;
        Self.Tell(DeliverQueued.Instance);
    }

    private bool _deliveryScheduled;

    private sealed class DeliverQueued
    {
        public static DeliverQueued Instance { get; } = new();
    }

    private void DeliverReadable()
    {
        if (_handler is null || _core is null || _readingSuspended) return;
        var available = _core.ReadableBytes;
        if (available == 0) return;
        if (_pooledDelivery)
        {
            // Chunks of the connection's own receive buffers (the reader hands them back through the message), then
            // one tcp_cleanup_rbuf for everything read, as one recvmsg would do it.
            var total = 0;
            while (available > 0)
            {
                if (!_receiveBuffers.TryDequeue(out var chunk)) chunk = new byte[PooledReceived.ChunkSize];
                var taken = _core.Read(chunk.AsSpan(0, Math.Min(available, chunk.Length)));
                available -= taken;
                total += taken;
                _handler.Tell(PooledReceived.Rent(_receivedPool, chunk, taken, _receiveBuffers), Self);
            }
            _core.CleanupAfterRead(total, Now, _output);
            return;
        }
        var buffer = new byte[available];
        var read = _core.Read(buffer, Now, _output);
        _handler.Tell(new Received(ByteString.FromBytes(buffer, 0, read)), Self);
    }

    /// <summary>PeerClosed follows the last Received: not before Register, nor while reading is suspended.</summary>
    private void ReportPeerClosedIfDue()
    {
        if (_handler is null || _core is not { PeerFinished: true } || _peerClosedReported || _readingSuspended) return;
        DeliverReadable();
        _peerClosedReported = true;
        _handler.Tell(PeerClosed.Instance, Self);
    }

    /// <summary>The connection ended (reset, timeout, closed). A child not yet accepted waits for accept() to report it, as Linux's accept queue does.</summary>
    private void Terminate(TcpEvent terminal)
    {
        // Bytes that arrived before the end are still read first (tcp_recvmsg returns queued data before sk_err).
        if (!_readingSuspended) DeliverReadable();
        if (!_awaitingTimeWaitHash) _stack.Ingress.Tell(new EhashRemove(_tuple, Self));
        if (!_accepted)
        {
            _terminalEvent = terminal;
            _finished = true;
            return;
        }
        Finish(terminal, _closeCommander ?? _handler);
    }

    private void Finish(TcpEvent terminal, IActorRef? to)
    {
        _finished = true;
        // Not registered yet: whoever was told Connected learns how the connection ended (Akka.IO's contract is
        // that events follow Connected to someone; losing them would leave the application waiting forever).
        to ??= _connectedTo;
        to?.Tell(terminal, Self);
        if (_handler is not null && !_handler.Equals(to)) _handler.Tell(terminal, Self);
        if (_awaitingTimeWaitHash) _stopWhenHashed = true;
        else Context.Stop(Self);
    }

    private void Fail(SocketError error, string reason)
    {
        _finished = true;
        _commander?.Tell(new CommandFailed(_connect!, error, reason), Self);
        Context.Stop(Self);
    }

    private static (SocketError Error, string Reason) IcmpError(int errno) => errno switch
    {
        Errno.ECONNREFUSED => (SocketError.ConnectionRefused, "ICMP port unreachable (ECONNREFUSED)"),
        Errno.ENETUNREACH => (SocketError.HostUnreachable, "ICMP network unreachable (ENETUNREACH)"),
        Errno.EHOSTUNREACH => (SocketError.HostUnreachable, "ICMP host unreachable (EHOSTUNREACH)"),
        _ => (SocketError.HostUnreachable, $"ICMP destination unreachable (errno {errno})"),
    };

    private Ipv4Endpoint Remote => new(_tuple.RemoteAddress, _tuple.RemotePort);
    private Ipv4Endpoint Local => new(_tuple.LocalAddress, _tuple.LocalPort);

    protected override void PostStop()
    {
        // A connection stopped for any other reason (a crash, its parent gone) resets its peer as tcp_disconnect
        // would, and gives its 4-tuple back.
        if (!_finished) _handler?.Tell(new ErrorClosed(SocketError.ConnectionReset, "the connection actor stopped (it failed, or its parent stopped)"), Self);
        if (!_finished && _core is not null)
        {
            try
            {
                _core.Abort(Now, _output);
            }
            catch (Exception)
            {
                // The TCB may be what failed; the peer then learns of the loss from the stateless RST its next
                // segment earns.
            }
        }
        if ((_core is not null || _passive) && !_awaitingTimeWaitHash) _stack.Ingress.Tell(new EhashRemove(_tuple, Self));
        if (_early is not null)
        {
            foreach (var s in _early) s.Frame.Dispose();
        }
        _early = null;
        _finished = true;
        ShellTimers.Stop(ref _timerWakeUp);
    }
}
