using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Actors.Sockets;
using Hashdance.Actors.Stack;
using Hashdance.Packetdrill.Language;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Sockets;

/// <summary>
/// A POSIX socket API over the stack's Akka.IO-style actors, with file descriptors chosen by the script: socket,
/// setsockopt/getsockopt, bind, listen (→ <see cref="Bind"/> in pull mode), accept (→ <see cref="ResumeAccepting"/>
/// only when the listener's accept queue holds a child, so a refused accept takes nothing), connect, read/write,
/// close (→ <see cref="Abort"/> where Linux resets, <see cref="Unbind"/> on a listener), shutdown, fcntl and
/// ioctl(SIOCINQ). Calls never wait: one that would block returns <see cref="SyscallResult.Blocked"/> and the runner
/// calls again as virtual time passes. Everything runs under the calling-thread dispatcher, so every reply has
/// arrived when a Tell returns. What the stack cannot do yet raises <see cref="StackFeatureMissingException"/>.
/// Script fd numbers are names (a.4): a number returned again by socket() or accept() is rebound to the new socket,
/// and the old one lives on in the stack.
/// </summary>
public sealed class PosixSockets
{
    public const int BindPort = 8080;
    public const int ConnectPort = 8080;

    /// <summary>TCP_MSS_DEFAULT: what TCP_MAXSEG reads on a socket with no connection and no user MSS.</summary>
    private const int DefaultMss = 536;

    private readonly ActorSystem _system;
    private readonly HashdanceStack _stack;
    private readonly Ipv4Address _local;
    private readonly Ipv4Address _remote;
    private readonly Dictionary<int, PosixSocket> _fds = new();
    private readonly Dictionary<IActorRef, PosixSocket> _byActor = new();
    private readonly SortedSet<string> _hints = new(StringComparer.Ordinal);

    private sealed record WriteAck;

    public PosixSockets(ActorSystem system, HashdanceStack stack, Ipv4Address local, Ipv4Address remote)
    {
        _system = system;
        _stack = stack;
        _local = local;
        _remote = remote;
    }

    /// <summary>Stack features the script asked for that are absent (named in failure reports).</summary>
    public IReadOnlyCollection<string> MissingFeatureHints => _hints;

    public void AddHint(string hint) => _hints.Add(hint);

    public PosixSocket? Get(int fd) => _fds.GetValueOrDefault(fd);

    public SyscallResult Socket(int fd, bool nonBlocking)
    {
        if (fd < 0) return SyscallResult.Fail("EINVAL");
        // Script fds are names, not kernel fds: a script that reuses a number rebinds it (the old socket lives on).
        var socket = new PosixSocket(fd, nonBlocking);
        socket.Inbox = NewInbox(socket);
        _fds[fd] = socket;
        return SyscallResult.Ok(fd);
    }

    private IActorRef NewInbox(PosixSocket owner) => _system.ActorOf(SocketInbox.Props((message, sender) => Deliver(owner, message, sender)));

    /// <summary>Routes a message from the stack: connection events go to the socket of the actor that sent them.</summary>
    private void Deliver(PosixSocket owner, object message, IActorRef sender)
    {
        var target = _byActor.GetValueOrDefault(sender) ?? owner;
        switch (message)
        {
            case Received received:
                target.Unread += received.Data.Count;
                return;
            case PeerClosed:
                target.PeerClosed = true;
                return;
            case ErrorClosed closed when target.Role != SocketRole.Listening:
                target.Finished = true;
                target.PendingError ??= Errnos.From(closed.Error);
                if (target.Role == SocketRole.Connecting) target.ConnectError = Errnos.From(closed.Error);
                return;
            case Closed or Aborted when target.Role != SocketRole.Listening:
                target.Finished = true;
                return;
            case Connected when owner.Role == SocketRole.Listening && !_byActor.ContainsKey(sender):
                var child = new PosixSocket(-1, nonBlocking: false) { Role = SocketRole.Connected, Actor = sender, LingerAbort = owner.LingerAbort, Options = owner.Options };
                _byActor[sender] = child;
                owner.AcceptReady.Enqueue(((Connected)message, sender));
                return;
            case Connected when owner.Role == SocketRole.Connecting:
                owner.Role = SocketRole.Connected;
                owner.Actor = sender;
                _byActor[sender] = owner;
                sender.Tell(new Register(owner.Inbox), owner.Inbox);
                return;
            case Bound:
                owner.Actor = sender;
                _byActor[sender] = owner;
                owner.Replies.Add(message);
                return;
            case CommandFailed { Command: Hashdance.Actors.Api.Connect } failed:
                owner.ConnectError = Errnos.From(failed.Error);
                owner.Finished = true;
                return;
        }
        owner.Replies.Add(message);
    }

    private T? Ask<T>(PosixSocket socket, IActorRef target, object command) where T : class
    {
        socket.Replies.Clear();
        target.Tell(command, socket.Inbox);
        return socket.Replies.OfType<T>().FirstOrDefault();
    }

    private PosixSocket? Open(int fd, out SyscallResult error)
    {
        error = SyscallResult.Fail("EBADF");
        return _fds.GetValueOrDefault(fd);
    }

    public SyscallResult SetSockOpt(int fd, string level, string name, SyscallArg value)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        var integer = IntegerOf(value);
        switch (name)
        {
            case "SO_LINGER":
                var onoff = FieldOf(value, "onoff");
                var linger = FieldOf(value, "linger");
                if (onoff is null || linger is null) return SyscallResult.Fail("EINVAL");
                if (onoff != 0 && linger != 0)
                    throw new StackFeatureMissingException($"SO_LINGER with a {linger} s linger time (a blocking close that waits for the FIN to be acknowledged)");
                socket.LingerAbort = onoff != 0;
                return SyscallResult.Ok();
            case "TCP_FASTOPEN":
                // do_tcp_setsockopt: only on a closed or listening socket, and not negative (fastopen_queue_tune).
                if (integer is not { } queue || queue < 0 || socket.Role is not (SocketRole.Fresh or SocketRole.Listening))
                    return SyscallResult.Fail("EINVAL");
                return Reconfigure(socket, socket.Options with { FastOpenQueue = (int)Math.Min(queue, int.MaxValue) }, name);
            case "TCP_FASTOPEN_KEY":
                // 16 bytes (primary) or 32 (primary, backup); the listener's own key (tcp_fastopen_reset_cipher).
                if (!FastOpenKey.TryFromBytes(value.Bytes ?? [], out var key)) return SyscallResult.Fail("EINVAL");
                if (socket.Role is not (SocketRole.Fresh or SocketRole.Listening)) return SyscallResult.Ok();
                return Reconfigure(socket, socket.Options with { FastOpenKey = key }, name);
            case "TCP_LINGER2":
                if (integer is not { } linger2) return SyscallResult.Fail("EINVAL");
                socket.Options = socket.Options with { Linger2Seconds = (int)linger2 };
                if (socket.Role == SocketRole.Connected) socket.Actor!.Tell(new SetSocketOptions(socket.Options), socket.Inbox);
                return SyscallResult.Ok();
        }
        if (integer is not { } v) return SyscallResult.Fail("EINVAL");
        var options = socket.Options;
        SocketOptions? updated = name switch
        {
            "SO_REUSEADDR" => options with { ReuseAddress = v != 0 },
            "SO_KEEPALIVE" => options with { KeepAlive = v != 0 },
            "SO_RCVBUF" => options with { ReceiveBuffer = (int)v },
            "SO_SNDBUF" => options with { SendBuffer = (int)v },
            "TCP_NODELAY" => options with { NoDelay = v != 0 },
            "TCP_CORK" => options with { Cork = v != 0 },
            "TCP_MAXSEG" => v is < 88 or > 65535 ? null : options with { MaxSegment = (int)v },
            "TCP_DEFER_ACCEPT" => options with { DeferAcceptSeconds = (int)v },
            "TCP_SAVE_SYN" => options with { SaveSyn = (int)v },
            "TCP_FASTOPEN_NO_COOKIE" => options with { FastOpenNoCookie = v != 0 },
            "TCP_SYNCNT" => v is < 1 or > 127 ? null : options with { SynCount = (int)v },
            // do_tcp_setsockopt: 1..MAX_TCP_KEEPIDLE / MAX_TCP_KEEPINTVL / MAX_TCP_KEEPCNT, TCP_USER_TIMEOUT >= 0 (ms).
            "TCP_KEEPIDLE" => v is < 1 or > TcpConnectionCore.MaxKeepIdleSeconds ? null : options with { KeepIdleSeconds = (int)v },
            "TCP_KEEPINTVL" => v is < 1 or > TcpConnectionCore.MaxKeepIdleSeconds ? null : options with { KeepIntervalSeconds = (int)v },
            "TCP_KEEPCNT" => v is < 1 or > TcpConnectionCore.MaxKeepCount ? null : options with { KeepCount = (int)v },
            "TCP_USER_TIMEOUT" => v is < 0 or > int.MaxValue ? null : options with { UserTimeoutMs = (int)v },
            "IP_TOS" => options with { TypeOfService = (byte)v },
            "IP_TTL" => options with { TimeToLive = (byte)v },
            "IP_MTU_DISCOVER" => v is < 0 or > 5 ? null : options with { PathMtuDiscovery = (int)v },
            _ => throw new StackFeatureMissingException($"setsockopt({level}, {name}) is not supported"),
        };
        if (updated is null) return SyscallResult.Fail("EINVAL");
        // TCP_NODELAY=1 and TCP_CORK=0 push what waits each time they are set, even to the value they had.
        var nagleWritten = (name == "TCP_NODELAY" && v != 0) || (name == "TCP_CORK" && v == 0);
        return Reconfigure(socket, updated, name, nagleWritten);
    }

    /// <summary>Applies changed socket options where the socket is: kept until listen(), a re-listen, or the connection.</summary>
    private SyscallResult Reconfigure(PosixSocket socket, SocketOptions updated, string name, bool nagleWritten = false)
    {
        if (updated == socket.Options && !(nagleWritten && socket.Role == SocketRole.Connected)) return SyscallResult.Ok();
        switch (socket.Role)
        {
            case SocketRole.Fresh:
                socket.Options = updated;
                return SyscallResult.Ok();
            case SocketRole.Listening:
                return Relisten(socket, updated, name);
            case SocketRole.Connected when name is "SO_KEEPALIVE" or "TCP_KEEPIDLE" or "TCP_KEEPINTVL" or "TCP_KEEPCNT" or "TCP_USER_TIMEOUT"
                or "TCP_NODELAY" or "TCP_CORK" or "SO_SNDBUF" or "IP_TOS" or "IP_TTL" or "IP_MTU_DISCOVER":
                // Read by the timers as they run (tcp_set_keepalive, tcp_sock_set_keepidle_locked, icsk_user_timeout),
                // by the sender (TCP_NODELAY and pulling TCP_CORK push what waits; IP_TOS, IP_TTL and IP_MTU_DISCOVER go
                // into the next segment's IP header) and by the writer (sk_sndbuf).
                socket.Options = updated;
                socket.Actor!.Tell(new SetSocketOptions(updated, nagleWritten), socket.Inbox);
                return SyscallResult.Ok();
            default:
                throw new StackFeatureMissingException($"changing {name} on an open connection is not supported");
        }
    }

    /// <summary>
    /// A listener's options are fixed when it is created. While it holds no request and no child, closing it and
    /// listening again with the new options is indistinguishable from changing them in place, so that is what a
    /// setsockopt after listen() does; with connections pending it cannot be done.
    /// </summary>
    private SyscallResult Relisten(PosixSocket socket, SocketOptions updated, string name)
    {
        var state = Ask<ListenerActor.QueueState>(socket, socket.Actor!, ListenerActor.GetQueueState.Instance);
        if (state is null || state.RequestQueueLength != 0 || state.AcceptQueueLength != 0 || socket.AcceptReady.Count != 0)
            throw new StackFeatureMissingException($"changing {name} on a listener with pending connections is not supported");
        Ask<Unbound>(socket, socket.Actor!, Unbind.Instance);
        _byActor.Remove(socket.Actor!);
        socket.Options = updated;
        socket.Role = SocketRole.Fresh;
        var result = StartListening(socket, state.Backlog);
        if (result.Errno is not null) throw new InvalidOperationException($"re-listening after setsockopt({name}) failed with {result.Errno}");
        return SyscallResult.Ok();
    }

    private static long? IntegerOf(SyscallArg value) => value.Kind switch
    {
        SyscallArgKind.Integer => value.Integer,
        SyscallArgKind.List when value.Elements is [{ Kind: SyscallArgKind.Integer } only] => only.Integer,
        SyscallArgKind.List when value.Elements is [{ Kind: SyscallArgKind.Symbols, Symbols: [var name] }] => SymbolValue(name),
        _ => null,
    };

    /// <summary>The option values scripts name (include/uapi/linux/in.h).</summary>
    private static long? SymbolValue(string name) => name switch
    {
        "IP_PMTUDISC_DONT" => 0,
        "IP_PMTUDISC_WANT" => 1,
        "IP_PMTUDISC_DO" => 2,
        "IP_PMTUDISC_PROBE" => 3,
        "IP_PMTUDISC_INTERFACE" => 4,
        "IP_PMTUDISC_OMIT" => 5,
        _ => null,
    };

    private static long? FieldOf(SyscallArg value, string field)
    {
        if (value.Kind != SyscallArgKind.Struct) return null;
        foreach (var (name, v) in value.Fields!)
            if (name == field) return v;
        return null;
    }

    /// <summary>getsockopt: the value is returned in <see cref="SyscallResult.OutValue"/> for the runner to compare.</summary>
    public SyscallResult GetSockOpt(int fd, string level, string name)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        switch (name)
        {
            case "TCP_MAXSEG":
                // do_tcp_getsockopt: mss_cache, or user_mss while the socket is closed or listening.
                if (socket.Role is SocketRole.Fresh or SocketRole.Listening)
                    return new SyscallResult(0, OutValue: socket.Options.MaxSegment ?? DefaultMss);
                var info = Info(fd);
                return new SyscallResult(0, OutValue: info?.SndMss ?? socket.Options.MaxSegment ?? DefaultMss);
            case "SO_REUSEADDR":
                return new SyscallResult(0, OutValue: socket.Options.ReuseAddress ? 1 : 0);
            case "TCP_DEFER_ACCEPT":
                return new SyscallResult(0, OutValue: socket.Options.DeferAcceptSeconds ?? 0);
            case "TCP_NODELAY":
                return new SyscallResult(0, OutValue: socket.Options.NoDelay ? 1 : 0);
            case "TCP_CORK":
                return new SyscallResult(0, OutValue: socket.Options.Cork ? 1 : 0);
            case "SO_KEEPALIVE":
                return new SyscallResult(0, OutValue: socket.Options.KeepAlive ? 1 : 0);
            case "TCP_KEEPIDLE":
                return new SyscallResult(0, OutValue: socket.Options.KeepIdleSeconds ?? _stack.Settings.Sysctls.TcpKeepaliveTime);
            case "TCP_KEEPINTVL":
                return new SyscallResult(0, OutValue: socket.Options.KeepIntervalSeconds ?? _stack.Settings.Sysctls.TcpKeepaliveIntvl);
            case "TCP_KEEPCNT":
                return new SyscallResult(0, OutValue: socket.Options.KeepCount ?? _stack.Settings.Sysctls.TcpKeepaliveProbes);
            case "TCP_USER_TIMEOUT":
                return new SyscallResult(0, OutValue: socket.Options.UserTimeoutMs ?? 0);
            case "SO_SNDBUF":
                // sk_sndbuf: tcp_wmem[1] until SO_SNDBUF sets it (doubled); tcp_sndbuf_expand may grow it on a connection.
                if (socket.Role == SocketRole.Connected && Info(fd) is { } connected)
                    return new SyscallResult(0, OutValue: connected.SendBuffer);
                return new SyscallResult(0, OutValue: socket.Options.SendBuffer is int set
                    ? TcpConnectionCore.SendBufferFromSockopt(set, _stack.Settings.Sysctls)
                    : _stack.Settings.Sysctls.TcpWmem.Default);
            case "SO_ERROR":
                // sock_error: the pending error, cleared by reading it.
                var pending = socket.PendingError ?? socket.ConnectError;
                socket.PendingError = null;
                return new SyscallResult(0, OutValue: pending is null ? 0 : Errnos.Number(pending));
            default:
                throw new StackFeatureMissingException($"getsockopt({level}, {name}) is not supported");
        }
    }

    public SyscallResult Bind(int fd)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (socket.Bound || socket.Role != SocketRole.Fresh) return SyscallResult.Fail("EINVAL");
        socket.Bound = true;
        return SyscallResult.Ok();
    }

    public SyscallResult Listen(int fd, int backlog)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (socket.Role == SocketRole.Listening) return SyscallResult.Ok();
        if (socket.Role != SocketRole.Fresh) return SyscallResult.Fail("EINVAL");
        if (!socket.Bound) throw new StackFeatureMissingException("listen() without bind() (a listener on an automatic port) is not supported");
        return StartListening(socket, backlog);
    }

    private SyscallResult StartListening(PosixSocket socket, int backlog)
    {
        socket.Replies.Clear();
        _stack.Manager.Tell(new Bind(socket.Inbox, new Ipv4Endpoint(_local, BindPort), backlog, socket.Options, PullMode: true), socket.Inbox);
        var failed = socket.Replies.OfType<CommandFailed>().FirstOrDefault();
        if (failed is not null) return SyscallResult.Fail(Errnos.From(failed.Error));
        if (!socket.Replies.OfType<Bound>().Any()) throw new InvalidOperationException("the stack did not answer Bind");
        socket.Role = SocketRole.Listening;
        return SyscallResult.Ok();
    }

    /// <summary>accept(): <paramref name="newFd"/> is the script's number for the accepted socket.</summary>
    public SyscallResult Accept(int fd, int newFd, out PosixSocket? accepted)
    {
        accepted = null;
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (socket.Role != SocketRole.Listening) return SyscallResult.Fail("EINVAL");
        if (socket.AcceptReady.Count == 0)
        {
            var state = Ask<ListenerActor.QueueState>(socket, socket.Actor!, ListenerActor.GetQueueState.Instance);
            if (state is { AcceptQueueLength: > 0 }) socket.Actor!.Tell(new ResumeAccepting(1), socket.Inbox);
        }
        if (socket.AcceptReady.Count == 0) return socket.NonBlocking ? SyscallResult.Fail("EAGAIN") : SyscallResult.Blocked;
        var (_, child) = socket.AcceptReady.Dequeue();
        var connection = _byActor[child];
        connection.Fd = newFd;
        connection.Inbox = NewInbox(connection);
        _fds[newFd] = connection;
        // TCP_INFO still answers once the connection is gone (a child reset before accept() is accepted in CLOSE):
        // keep what it negotiated while the actor still answers.
        connection.LastInfo = Ask<SocketInfo>(connection, child, GetSocketInfo.Instance);
        child.Tell(new Register(connection.Inbox), connection.Inbox);
        accepted = connection;
        return SyscallResult.Ok(newFd);
    }

    public SyscallResult Connect(int fd, bool unspecified)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (unspecified) return Disconnect(socket);
        if (socket.Role == SocketRole.Connecting) return socket.NonBlocking ? SyscallResult.Fail("EALREADY") : ConnectStatus(fd);
        if (socket.Role != SocketRole.Fresh) return SyscallResult.Fail("EISCONN");
        socket.Role = SocketRole.Connecting;
        _stack.Manager.Tell(new Connect(new Ipv4Endpoint(_remote, ConnectPort), null, socket.Options), socket.Inbox);
        if (socket.NonBlocking && socket.Role == SocketRole.Connecting && socket.ConnectError is null) return SyscallResult.Fail("EINPROGRESS");
        return ConnectStatus(fd);
    }

    /// <summary>
    /// connect(AF_UNSPEC): tcp_disconnect. A connection is aborted (an RST where tcp_need_reset says so, its queues
    /// purged) and the socket is unconnected again, ready for a new connect(); a socket with no connection is left as
    /// it is.
    /// </summary>
    private SyscallResult Disconnect(PosixSocket socket)
    {
        switch (socket.Role)
        {
            case SocketRole.Listening:
                throw new StackFeatureMissingException("connect(AF_UNSPEC) on a listening socket is not supported");
            case SocketRole.Connecting:
                throw new StackFeatureMissingException("connect(AF_UNSPEC) on a socket in SYN_SENT is not supported");
            case SocketRole.Connected:
                if (!socket.Finished) socket.Actor!.Tell(Abort.Instance, socket.Inbox);
                _byActor.Remove(socket.Actor!);
                socket.Actor = null;
                socket.Role = SocketRole.Fresh;
                socket.Finished = false;
                socket.PendingError = null;
                socket.ConnectError = null;
                socket.Unread = 0;
                socket.PeerClosed = false;
                socket.ShutdownRead = false;
                socket.ShutdownWrite = false;
                socket.LastInfo = null;
                break;
        }
        return SyscallResult.Ok();
    }

    /// <summary>Where a blocking connect() stands: 0 once connected, -1 with the errno on failure, else still blocked.</summary>
    public SyscallResult ConnectStatus(int fd)
    {
        var socket = _fds[fd];
        if (socket.ConnectError is { } error)
        {
            socket.PendingError = null;
            return SyscallResult.Fail(error);
        }
        return socket.Role == SocketRole.Connected ? SyscallResult.Ok() : SyscallResult.Blocked;
    }

    /// <param name="nullBuffer">The buffer is NULL: copying into it faults (EFAULT) once there is something to copy.</param>
    public SyscallResult Read(int fd, long count, bool nullBuffer = false)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (socket.Role is SocketRole.Fresh or SocketRole.Listening) return SyscallResult.Fail("ENOTCONN");
        if (socket.Unread > 0 && count > 0)
        {
            if (nullBuffer) return SyscallResult.Fail("EFAULT");
            var n = Math.Min(count, socket.Unread);
            socket.Unread -= n;
            return SyscallResult.Ok(n);
        }
        if (socket.PendingError is { } error)
        {
            socket.PendingError = null;
            return SyscallResult.Fail(error);
        }
        if (socket.ShutdownRead || socket.PeerClosed || socket.Finished || count == 0) return SyscallResult.Ok(0);
        return socket.NonBlocking ? SyscallResult.Fail("EAGAIN") : SyscallResult.Blocked;
    }

    /// <param name="nullSource">The buffer is NULL: copying from it faults (EFAULT) and nothing is sent.</param>
    public SyscallResult Write(int fd, long count, bool more = false, bool dontWait = false, bool eor = false, bool nullSource = false)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (socket.PendingError is { } error)
        {
            socket.PendingError = null;
            return SyscallResult.Fail(error);
        }
        if (socket.Role == SocketRole.Connecting) return socket.NonBlocking ? SyscallResult.Fail("EAGAIN") : SyscallResult.Blocked;
        if (socket.Role != SocketRole.Connected) return SyscallResult.Fail("EPIPE");
        if (socket.BlockedWrite is { } blocked)
        {
            // A blocking write waits until the last of its bytes is in the send buffer (sk_stream_wait_memory).
            if (socket.Replies.OfType<WriteAck>().Any())
            {
                socket.BlockedWrite = null;
                return SyscallResult.Ok(blocked);
            }
            var refused = socket.Replies.OfType<CommandFailed>().FirstOrDefault();
            if (refused is not null || socket.Finished)
            {
                socket.BlockedWrite = null;
                var errno = refused is null ? socket.PendingError ?? "EPIPE" : Errnos.From(refused.Error);
                socket.PendingError = null;
                return SyscallResult.Fail(errno);
            }
            return SyscallResult.Blocked;
        }
        if (socket.Finished || socket.ShutdownWrite) return SyscallResult.Fail("EPIPE");
        // tcp_sendmsg_locked: the copy from user memory fails before anything is queued.
        if (nullSource && count > 0) return SyscallResult.Fail("EFAULT");
        var length = count;
        var nonBlocking = socket.NonBlocking || dontWait;
        if (nonBlocking)
        {
            // tcp_sendmsg_locked copies what the send buffer takes and returns that, or EAGAIN when it takes nothing.
            var free = Info(fd)?.SendBufferFree ?? 0;
            if (free == 0 && count > 0) return SyscallResult.Fail("EAGAIN");
            length = Math.Min(count, free);
        }
        socket.Replies.Clear();
        socket.Actor!.Tell(new Write(ByteString.FromBytes(new byte[length]), new WriteAck(), more, eor), socket.Inbox);
        if (socket.Replies.OfType<WriteAck>().Any()) return SyscallResult.Ok(length);
        var failed = socket.Replies.OfType<CommandFailed>().FirstOrDefault();
        if (failed is not null) return SyscallResult.Fail(Errnos.From(failed.Error));
        if (socket.Finished) return SyscallResult.Fail(socket.PendingError ?? "EPIPE");
        if (!nonBlocking)
        {
            socket.BlockedWrite = length;
            return SyscallResult.Blocked;
        }
        throw new InvalidOperationException("the connection did not take a write that fits its free send buffer");
    }

    public SyscallResult Close(int fd)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        switch (socket.Role)
        {
            case SocketRole.Listening:
                Ask<Unbound>(socket, socket.Actor!, Unbind.Instance);
                // Children handed over but never accepted are un-accepted children for Linux: reset them.
                while (socket.AcceptReady.Count > 0)
                {
                    var (_, child) = socket.AcceptReady.Dequeue();
                    child.Tell(Abort.Instance, socket.Inbox);
                }
                break;
            case SocketRole.Connecting:
                if (!socket.Finished) throw new StackFeatureMissingException("close() of a socket in SYN_SENT is not supported");
                break;
            case SocketRole.Connected:
                if (socket.Finished) break;
                if (socket.LingerAbort || socket.Unread > 0)
                {
                    // tcp_close: unread data (RFC 2525 2.17) or SO_LINGER {1, 0} reset the connection.
                    socket.Actor!.Tell(Abort.Instance, socket.Inbox);
                    break;
                }
                // tcp_close: the FIN goes after queued data (FIN_WAIT1, or LAST_ACK after the peer's FIN).
                socket.Actor!.Tell(Hashdance.Actors.Api.Close.Instance, socket.Inbox);
                break;
        }
        _fds.Remove(fd);
        return SyscallResult.Ok();
    }

    public SyscallResult Shutdown(int fd, string how)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (socket.Role != SocketRole.Connected || socket.Finished) return SyscallResult.Fail("ENOTCONN");
        switch (how)
        {
            case "SHUT_RD":
                socket.ShutdownRead = true;
                socket.Actor!.Tell(new Shutdown(ShutdownHow.Read), socket.Inbox);
                return SyscallResult.Ok();
            case "SHUT_WR":
                socket.ShutdownWrite = true;
                socket.Actor!.Tell(new Shutdown(ShutdownHow.Write), socket.Inbox);
                return SyscallResult.Ok();
            case "SHUT_RDWR":
                socket.ShutdownRead = true;
                socket.ShutdownWrite = true;
                socket.Actor!.Tell(new Shutdown(ShutdownHow.ReadWrite), socket.Inbox);
                return SyscallResult.Ok();
            default:
                return SyscallResult.Fail("EINVAL");
        }
    }

    public SyscallResult Fcntl(int fd, string command, IReadOnlyList<string> flags)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        const int ORdwr = 2, ONonblock = 0x800;
        switch (command)
        {
            case "F_GETFL":
                return SyscallResult.Ok(ORdwr | (socket.NonBlocking ? ONonblock : 0));
            case "F_SETFL":
                socket.NonBlocking = flags.Contains("O_NONBLOCK");
                return SyscallResult.Ok();
            default:
                throw new StackFeatureMissingException($"fcntl({command}) is not supported by the harness");
        }
    }

    /// <summary>ioctl(SIOCINQ): bytes queued for reading.</summary>
    public SyscallResult InQueue(int fd)
    {
        var socket = Open(fd, out var bad);
        if (socket is null) return bad;
        if (socket.Role == SocketRole.Listening) return SyscallResult.Fail("EINVAL");
        return new SyscallResult(0, OutValue: socket.Unread);
    }

    /// <summary>getsockopt(TCP_INFO): a snapshot from the connection actor, or null when it has stopped or there is none.</summary>
    public SocketInfo? Info(int fd)
    {
        var socket = _fds.GetValueOrDefault(fd);
        if (socket is not { Role: SocketRole.Connected, Actor: not null } || socket.Finished) return null;
        return Ask<SocketInfo>(socket, socket.Actor, GetSocketInfo.Instance);
    }
}
