using System.Globalization;
using Hashdance.Packetdrill.Asserts;
using Hashdance.Packetdrill.Config;
using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Matching;
using Hashdance.Packetdrill.Reporting;
using Hashdance.Packetdrill.Sockets;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Runtime;

/// <summary>
/// Runs one parsed script against a fresh stack in virtual time (a.3–a.7, a.11): inbound packets are injected at
/// their times; outbound lines are matched, in order, against what the stack sent on the current connection;
/// system calls go through <see cref="PosixSockets"/> (a blocking one stays pending while later events run, and
/// must return at its stated time); shell events reconfigure the stack; <c>%{ }%</c> blocks are evaluated against
/// TCP_INFO. The first discrepancy ends the run with the line, what was expected and what happened instead.
/// </summary>
public sealed class ScriptRunner
{
    /// <summary>How long a <c>*</c> outbound line waits for its packet.</summary>
    private const long AnyTimeWaitMicros = 600_000_000;

    private const ushort FirstRemotePort = 48_000;

    private readonly PacketdrillScript _script;
    private readonly ScriptSetup _setup;
    private readonly RunOptions _options;
    private readonly StackHost _host;
    private readonly PosixSockets _sockets;
    private readonly ShellInterpreter _shell;
    private readonly List<string> _notes;
    private StackEnvironment _environment;
    private ConnectionMapping? _connection;
    private ushort _nextRemotePort = FirstRemotePort;
    private int? _socketUnderTest;
    private bool _listenerUnderTest;
    private PendingCall? _pending;
    private int _outboundCursor;
    private long _previousEventMicros;
    private long? _tsBaseMicros;
    private string? _skipReason;

    private ScriptRunner(PacketdrillScript script, ScriptSetup setup, StackHost host)
    {
        _script = script;
        _setup = setup;
        _options = setup.Options;
        _host = host;
        _environment = setup.Environment;
        _notes = [.. setup.Notes];
        _sockets = new PosixSockets(host.System, host.Stack, setup.Environment.LocalAddress, setup.Environment.RemoteAddress);
        _shell = new ShellInterpreter(Path.GetDirectoryName(Path.GetFullPath(script.Path)) ?? ".");
    }

    /// <summary>Runs <paramref name="script"/> as <paramref name="setup"/> says (a skipped or unrunnable setup is reported as such).</summary>
    public static ScriptResult Run(PacketdrillScript script, ScriptSetup setup)
    {
        if (setup.SkipReason is { } skip) return new ScriptResult(script.Path, ScriptStatus.Skip, skip, setup.Notes);
        if (setup.Error is { } error) return new ScriptResult(script.Path, ScriptStatus.Fail, error, setup.Notes);
        using var host = StackHost.Start(setup.Environment);
        var runner = new ScriptRunner(script, setup, host);
        return runner.Execute();
    }

    private string FileName => Path.GetFileName(_script.Path);

    private long Now => _host.NowMicros;

    private ScriptResult Execute()
    {
        try
        {
            foreach (var e in _script.Events) Handle(e);
            FinishPending(null);
            if (_script.CleanupCommand is { } cleanup) RunShell(cleanup.Text, cleanup.Line);
        }
        catch (ScriptFailure failure)
        {
            return Result(ScriptStatus.Fail, $"{FileName}:{failure.Line}: {failure.Message}{Hints()}");
        }
        if (_skipReason is not null) return Result(ScriptStatus.Skip, _skipReason);
        return Result(ScriptStatus.Pass, "");
    }

    private ScriptResult Result(ScriptStatus status, string reason) => new(_script.Path, status, reason, _notes);

    private string Hints() => _sockets.MissingFeatureHints.Count == 0 ? "" : $" [stack: {string.Join("; ", _sockets.MissingFeatureHints)}]";

    private void Handle(ScriptEvent e)
    {
        switch (e.Action)
        {
            case TcpPacketEvent { Direction: PacketDirection.Outbound } outbound:
                ExpectOutbound(e, outbound);
                return;
            case TcpPacketEvent inbound:
                AtStart(e, () => InjectTcp(e, inbound));
                return;
            case IcmpPacketEvent icmp:
                AtStart(e, () => InjectIcmp(e, icmp));
                return;
            case SyscallEvent call:
                RunSyscall(e, call);
                return;
            case ShellEvent shell:
                AtStart(e, () => RunShell(shell.Command, e.Line));
                return;
            case PythonEvent python:
                AtStart(e, () => EvaluateAsserts(e, python));
                return;
        }
    }

    /// <summary>An event that happens at one instant: time runs to its start, it acts, and later events count from it.</summary>
    private void AtStart(ScriptEvent e, Action act)
    {
        AdvanceTo(EventStart(e));
        act();
        _previousEventMicros = Now;
    }

    /// <summary>When an event starts: absolute, or relative to the previous event (a.3).</summary>
    private long EventStart(ScriptEvent e) => e.Time.StartRelative ? _previousEventMicros + e.Time.Start : e.Time.Start;

    private long Tolerance(long expected) => _options.Tolerance(expected - _previousEventMicros);

    private static string Seconds(long micros) => (micros / 1e6).ToString("0.000000", CultureInfo.InvariantCulture);

    // ---- virtual time ----

    /// <summary>Lets virtual time run to <paramref name="target"/>, running every timer on the way and retrying a pending call after each.</summary>
    private void AdvanceTo(long target)
    {
        while (_host.Scheduler.RunNext(target)) PollPending();
        _host.Scheduler.AdvanceTo(Math.Max(target, Now));
        PollPending();
    }

    /// <summary>Runs the next timer due before <paramref name="deadline"/>; false when there is none (time then stands at the deadline).</summary>
    private bool Step(long deadline)
    {
        if (_host.Scheduler.RunNext(deadline))
        {
            PollPending();
            return true;
        }
        return false;
    }

    private void PollPending()
    {
        if (_pending is not { } pending) return;
        var result = pending.Retry();
        if (result.IsBlocked) return;
        _pending = null;
        CompleteCall(pending.Event, pending.Call, result, pending.OnReturn, blocking: true, pending.ExpectedEndMicros, pending.ToleranceMicros);
    }

    /// <summary>Waits for a pending blocking call to return (before the next call, or at the end of the script).</summary>
    private void FinishPending(ScriptEvent? next)
    {
        if (_pending is not { } pending) return;
        var deadline = pending.ExpectedEndMicros + pending.ToleranceMicros;
        while (_pending is not null && Step(deadline))
        {
        }
        if (_pending is null) return;
        AdvanceTo(deadline);
        if (_pending is null) return;
        _pending = null;
        var when = next is null ? "by the end of the script" : $"before line {next.Line}";
        var expectation = pending.Event.Time.Kind == EventTimeKind.Blocking
            ? $"expected to return at {Seconds(pending.ExpectedEndMicros)} sec"
            : "written without start...end, so expected to return at once";
        throw new ScriptFailure(pending.Event.Line, $"{pending.Call.Name}() {expectation}, but it was still blocked {when} ({Seconds(Now)} sec)");
    }

    // ---- packets ----

    private ConnectionMapping NewConnection(ushort remotePort, ushort? localPort)
    {
        _connection = new ConnectionMapping(remotePort) { LocalPort = localPort };
        return _connection;
    }

    private void InjectTcp(ScriptEvent e, TcpPacketEvent packet)
    {
        var syn = (packet.Flags & TcpFlags.Syn) != 0;
        var pureSyn = syn && (packet.Flags & TcpFlags.Ack) == 0;
        var connection = _connection;
        if (connection is null || (pureSyn && _listenerUnderTest))
        {
            connection = NewConnection(_nextRemotePort++, PosixSockets.BindPort);
            if (pureSyn) _listenerUnderTest = false;
        }
        if (!InboundPacket.TryMap(packet, connection, Resolve, _options.TsEcrScaled, out var mapped, out var error))
            throw new ScriptFailure(e.Line, error);
        if (connection.LocalPort is not { } localPort)
            throw new ScriptFailure(e.Line, "inbound packet before the local port is known (no outbound SYN seen for this connection)");
        var frame = InboundFrames.BuildTcp(StackHost.PeerMac, StackHost.StackMac, new InboundFrames.Tcp(
            _environment.RemoteAddress, _environment.LocalAddress, connection.RemotePort, localPort,
            mapped.Seq, mapped.Ack, mapped.Flags, mapped.Window, mapped.Options, mapped.PayloadLength));
        _host.Inject(frame);
        PollPending();
    }

    private void InjectIcmp(ScriptEvent e, IcmpPacketEvent icmp)
    {
        var typeName = Resolve(icmp.Type);
        if (!InboundFrames.TryIcmpType(typeName, out var type))
            throw new ScriptFailure(e.Line, $"unknown ICMP type '{typeName}'");
        var codeName = icmp.Code is null ? null : Resolve(icmp.Code);
        byte code = 0;
        if (codeName is not null && !InboundFrames.TryIcmpCode(type, codeName, out code))
            throw new ScriptFailure(e.Line, $"unknown ICMP code '{codeName}' for type '{typeName}'");
        if (_connection is not { LocalPort: { } localPort } connection)
            throw new ScriptFailure(e.Line, "an ICMP message needs a connection to quote");
        var quotedSeq = connection.LiveLocal(icmp.QuotedStartSeq ?? 0, false);
        var frame = InboundFrames.BuildIcmp(StackHost.PeerMac, StackHost.StackMac, _environment.LocalAddress, _environment.RemoteAddress,
            localPort, connection.RemotePort, quotedSeq, icmp.QuotedLength ?? 0, type, code, (ushort)(icmp.Mtu ?? 0));
        _host.Inject(frame);
        PollPending();
    }

    private string Resolve(string symbol) => Defines.Resolve(_setup.Defines, symbol);

    private bool BelongsToConnection(CapturedSegment segment, ConnectionMapping connection) =>
        segment.DestinationPort == connection.RemotePort && (connection.LocalPort is not { } local || segment.SourcePort == local);

    /// <summary>The not yet matched segments of the current connection; older connections' segments are passed over (a.11).</summary>
    private List<CapturedSegment> Queue(ConnectionMapping connection)
    {
        var queue = new List<CapturedSegment>();
        for (var i = _outboundCursor; i < _host.Outbound.Count; i++)
            if (BelongsToConnection(_host.Outbound[i], connection)) queue.Add(_host.Outbound[i]);
        return queue;
    }

    private void ExpectOutbound(ScriptEvent e, TcpPacketEvent expected)
    {
        var connection = _connection ?? throw new ScriptFailure(e.Line, "an outbound packet before any connection exists");
        long earliest, latest, nominal;
        switch (e.Time.Kind)
        {
            case EventTimeKind.Any:
                earliest = long.MinValue;
                nominal = Now;
                latest = Now + AnyTimeWaitMicros;
                break;
            case EventTimeKind.Range:
                var low = EventStart(e);
                var high = e.Time.EndRelative ? _previousEventMicros + e.Time.End!.Value : e.Time.End!.Value;
                var rangeTolerance = Tolerance(high);
                (earliest, nominal, latest) = (low - rangeTolerance, low, high + rangeTolerance);
                break;
            default:
                nominal = EventStart(e);
                var tolerance = Tolerance(nominal);
                (earliest, latest) = (nominal - tolerance, nominal + tolerance);
                break;
        }

        var queue = Queue(connection);
        while (queue.Count == 0 && Step(latest)) queue = Queue(connection);
        if (queue.Count == 0)
        {
            AdvanceTo(latest);
            throw new ScriptFailure(e.Line, $"error handling packet: timed out waiting for packet: expected {PacketLineText.Format(expected)} at {Seconds(nominal)} sec, but the stack sent nothing on the connection by {Seconds(Now)} sec{SentElsewhere()}");
        }
        var count = PacketMatcher.SegmentsToAggregate(expected, queue, _options.StrictSegments);
        var wanted = expected.PayloadLength;
        while (!_options.StrictSegments && queue.Take(count).Sum(s => s.PayloadLength) < wanted && count == queue.Count && Step(latest))
        {
            queue = Queue(connection);
            count = PacketMatcher.SegmentsToAggregate(expected, queue, _options.StrictSegments);
        }
        var segments = queue.Take(count).ToList();
        var live = PacketMatcher.Aggregate(segments);
        if (live.TimeMicros < earliest || live.TimeMicros > latest)
            throw new ScriptFailure(e.Line, $"timing error: expected outbound packet {PacketLineText.Format(expected)} at {Seconds(nominal)} sec but it happened at {Seconds(live.TimeMicros)} sec; tolerance {Seconds(Tolerance(nominal))} sec (actual packet: {PacketLineText.Format(live, connection)})");
        if (live.TimeMicros > Now) AdvanceTo(live.TimeMicros);

        connection.LocalPort ??= live.SourcePort;
        _tsBaseMicros ??= live.TimeMicros;
        var mismatch = PacketMatcher.Compare(expected, live, connection, Resolve, _options.TsTickMicros, Tolerance(nominal), live.TimeMicros - _tsBaseMicros.Value);
        if (mismatch is not null)
            throw new ScriptFailure(e.Line, $"error handling packet: {mismatch}\n  script packet: {Seconds(nominal)} {PacketLineText.Format(expected)}\n  actual packet: {Seconds(live.TimeMicros)} {PacketLineText.Format(live, connection)}{(segments.Count > 1 ? $" (aggregated from {segments.Count} segments)" : "")}");

        // Consume the matched segments (and any older-connection segments before them).
        var last = segments[^1];
        _outboundCursor = _host.Outbound.IndexOf(last) + 1;
        _previousEventMicros = live.TimeMicros;
    }

    private string SentElsewhere()
    {
        var others = _host.Outbound.Skip(_outboundCursor).ToList();
        return others.Count == 0 ? "" : $" (it sent {others.Count} segment(s) on other connections, first: {others[0]} to port {others[0].DestinationPort})";
    }

    // ---- shell and asserts ----

    private void RunShell(string command, int line)
    {
        var outcome = _shell.Run(command, _environment);
        _notes.AddRange(outcome.Notes.Select(n => $"line {line}: {n}"));
        if (outcome.Error is not null) throw new ScriptFailure(line, $"shell command: {outcome.Error}");
        if (outcome.Environment.Mtu != _environment.Mtu)
            throw new ScriptFailure(line, "stack: changing the MTU while the stack runs is not supported");
        _environment = outcome.Environment;
        _host.Stack.Context.Sysctls = _environment.Sysctls;
    }

    /// <summary>What the script's %{ }% blocks assigned: one Python session runs them all.</summary>
    private readonly Dictionary<string, long> _pythonVariables = [];

    private void EvaluateAsserts(ScriptEvent e, PythonEvent python)
    {
        var names = SampleTcpInfo(out var unavailable);
        if (names is null)
        {
            _skipReason ??= $"skipped: unsupported assert at line {e.Line}: {unavailable}";
            return;
        }
        var outcome = PythonAssertions.Evaluate(python.Code, names, _pythonVariables);
        switch (outcome.Kind)
        {
            case AssertOutcomeKind.Failed:
                throw new ScriptFailure(e.Line, $"assertion failed: {outcome.Message}");
            case AssertOutcomeKind.Unsupported:
                _skipReason ??= $"skipped: unsupported assert at line {e.Line}: {outcome.Message}";
                break;
        }
    }

    /// <summary>tcpi_* for the socket under test, sampled now.</summary>
    private Dictionary<string, long>? SampleTcpInfo(out string unavailable)
    {
        unavailable = "";
        if (_listenerUnderTest) return TcpInfoNames.ForState(TcpState.Listen);
        if (_socketUnderTest is not { } fd || _sockets.Get(fd) is not { } socket)
        {
            unavailable = "the socket under test has not been accepted, so TCP_INFO cannot be read";
            return null;
        }
        // A socket with no connection reads TCP_CLOSE; one whose connect() is under way, TCP_SYN_SENT.
        if (socket.Role == SocketRole.Fresh) return TcpInfoNames.ForState(TcpState.Close);
        if (socket.Role == SocketRole.Connecting && !socket.Finished) return TcpInfoNames.ForState(TcpState.SynSent);
        if (socket.Finished)
            return socket.LastInfo is { } last ? TcpInfoNames.For(last with { State = TcpState.Close }) : TcpInfoNames.ForState(TcpState.Close);
        var info = _sockets.Info(fd);
        if (info is null)
        {
            unavailable = $"no TCP_INFO for fd {fd} ({socket.Role})";
            return null;
        }
        return TcpInfoNames.For(info);
    }

    // ---- system calls ----

    private void RunSyscall(ScriptEvent e, SyscallEvent call)
    {
        FinishPending(e);
        var start = EventStart(e);
        AdvanceTo(start);
        var blocking = e.Time.Kind == EventTimeKind.Blocking;
        var expectedEnd = blocking ? (e.Time.EndRelative ? _previousEventMicros + e.Time.End!.Value : e.Time.End!.Value) : start;
        var tolerance = Tolerance(expectedEnd);
        Func<SyscallResult> retry;
        Action<SyscallResult> onReturn;
        try
        {
            (retry, onReturn) = Prepare(e, call);
            var result = retry();
            _previousEventMicros = start;
            if (result.IsBlocked)
            {
                _pending = new PendingCall(e, call, retry, onReturn, start, expectedEnd, tolerance);
                if (!blocking) FinishPending(null);
                return;
            }
            CompleteCall(e, call, result, onReturn, blocking, expectedEnd, tolerance);
        }
        catch (StackFeatureMissingException missing)
        {
            throw new ScriptFailure(e.Line, $"stack: {missing.Message} (in {call.Name}())");
        }
    }

    private void CompleteCall(ScriptEvent e, SyscallEvent call, SyscallResult result, Action<SyscallResult> onReturn, bool blocking, long expectedEnd, long tolerance)
    {
        CheckResult(e, call, result);
        onReturn(result);
        if (blocking && Math.Abs(Now - expectedEnd) > tolerance)
            throw new ScriptFailure(e.Line, $"timing error: expected {call.Name}() to return at {Seconds(expectedEnd)} sec but it returned at {Seconds(Now)} sec; tolerance {Seconds(tolerance)} sec");
    }

    private void CheckResult(ScriptEvent e, SyscallEvent call, SyscallResult result)
    {
        var actual = result.Errno is null ? result.Value.ToString(CultureInfo.InvariantCulture) : $"-1 with errno {Errnos.Describe(result.Errno)}";
        if (result.Value != call.Result)
            throw new ScriptFailure(e.Line, $"runtime error in {call.Name} call: expected result {call.Result} but got {actual}");
        if (call.Result < 0 && call.Errno is { } errno)
        {
            if (!Errnos.IsKnown(errno)) throw new ScriptFailure(e.Line, $"unknown errno '{errno}'");
            if (result.Errno is null || !Errnos.Same(errno, result.Errno))
                throw new ScriptFailure(e.Line, $"runtime error in {call.Name} call: expected errno {Errnos.Describe(errno)} but got {actual}");
        }
    }

    private static SyscallArg Arg(ScriptEvent e, SyscallEvent call, int index) =>
        index < call.Args.Count ? call.Args[index] : throw new ScriptFailure(e.Line, $"{call.Name}() needs at least {index + 1} arguments");

    private static int Fd(ScriptEvent e, SyscallEvent call)
    {
        var arg = Arg(e, call, 0);
        return arg.Kind == SyscallArgKind.Integer ? (int)arg.Integer : throw new ScriptFailure(e.Line, $"{call.Name}(): the first argument must be a file descriptor");
    }

    private static long Count(ScriptEvent e, SyscallEvent call, int index)
    {
        var arg = Arg(e, call, index);
        return arg.Kind == SyscallArgKind.Integer ? arg.Integer : throw new ScriptFailure(e.Line, $"{call.Name}(): argument {index + 1} must be a number");
    }

    private static string Symbol(ScriptEvent e, SyscallEvent call, int index)
    {
        var arg = Arg(e, call, index);
        return arg is { Kind: SyscallArgKind.Symbols, Symbols: [var only] } ? only : throw new ScriptFailure(e.Line, $"{call.Name}(): argument {index + 1} must be a symbol");
    }

    /// <summary>Whether argument <paramref name="index"/> is the literal NULL (a bad buffer pointer: EFAULT when used).</summary>
    private static bool IsNull(SyscallEvent call, int index) =>
        call.Args.Count > index && call.Args[index] is { Kind: SyscallArgKind.Symbols, Symbols: ["NULL"] };

    private static IReadOnlyList<string> Symbols(SyscallArg arg) => arg.Kind switch
    {
        SyscallArgKind.Symbols => arg.Symbols!,
        SyscallArgKind.List => arg.Elements!.SelectMany(Symbols).ToList(),
        _ => [],
    };

    private static readonly Action<SyscallResult> Nothing = _ => { };

    /// <summary>Maps a system call line onto the socket layer: the call (retried while it blocks) and what to do when it returns.</summary>
    private (Func<SyscallResult> Call, Action<SyscallResult> OnReturn) Prepare(ScriptEvent e, SyscallEvent call)
    {
        switch (call.Name)
        {
            case "socket":
            {
                var nonBlocking = Symbols(Arg(e, call, 1)).Contains("SOCK_NONBLOCK");
                var fd = (int)call.Result;
                return (() => fd < 0 ? SyscallResult.Fail("EINVAL") : _sockets.Socket(fd, nonBlocking), r =>
                {
                    if (r.Errno is not null) return;
                    _socketUnderTest = fd;
                    _listenerUnderTest = false;
                });
            }
            case "bind":
            {
                var fd = Fd(e, call);
                return (() => _sockets.Bind(fd), Nothing);
            }
            case "listen":
            {
                var fd = Fd(e, call);
                var backlog = (int)Count(e, call, 1);
                return (() => _sockets.Listen(fd, backlog), r =>
                {
                    if (r.Errno is null && _socketUnderTest == fd) _listenerUnderTest = true;
                });
            }
            case "accept":
            case "accept4":
            {
                var fd = Fd(e, call);
                var newFd = (int)call.Result;
                return (() => newFd < 0 ? _sockets.Accept(fd, -1, out _) : _sockets.Accept(fd, newFd, out _), r =>
                {
                    if (r.Errno is not null) return;
                    _socketUnderTest = newFd;
                    _listenerUnderTest = false;
                });
            }
            case "connect":
            {
                var fd = Fd(e, call);
                var unspecified = Symbols(Arg(e, call, 1)).Contains("AF_UNSPEC");
                var started = false;
                return (() =>
                {
                    if (started) return _sockets.ConnectStatus(fd);
                    started = true;
                    if (!unspecified)
                    {
                        NewConnection(PosixSockets.ConnectPort, null);
                        _socketUnderTest = fd;
                        _listenerUnderTest = false;
                    }
                    return _sockets.Connect(fd, unspecified);
                }, Nothing);
            }
            case "read":
            case "recv":
            case "recvfrom":
            {
                var fd = Fd(e, call);
                var count = Count(e, call, 2);
                if (call.Name != "read" && call.Args.Count > 3 && Symbols(call.Args[3]).Any(s => s != "0"))
                    throw new StackFeatureMissingException($"{call.Name}() flags {string.Join('|', Symbols(call.Args[3]))} are not supported");
                var nullBuffer = IsNull(call, 1);
                return (() => _sockets.Read(fd, count, nullBuffer), Nothing);
            }
            case "write":
            case "send":
            case "sendto":
            {
                var fd = Fd(e, call);
                var count = Count(e, call, 2);
                var flags = call.Name != "write" && call.Args.Count > 3 ? Symbols(call.Args[3]).Where(f => f != "0").ToList() : [];
                if (flags.Contains("MSG_FASTOPEN"))
                    throw new StackFeatureMissingException("sendto(MSG_FASTOPEN) (a TCP Fast Open client) is not implemented");
                // MSG_NOSIGNAL only spares the caller a SIGPIPE, which the emulation never raises.
                var unsupported = flags.Where(f => f is not ("MSG_MORE" or "MSG_NOSIGNAL" or "MSG_DONTWAIT" or "MSG_EOR")).ToList();
                if (unsupported.Count > 0)
                    throw new StackFeatureMissingException($"{call.Name}() flags {string.Join('|', unsupported)} are not supported");
                var more = flags.Contains("MSG_MORE");
                var dontWait = flags.Contains("MSG_DONTWAIT");
                var eor = flags.Contains("MSG_EOR");
                var nullSource = IsNull(call, 1);
                return (() => _sockets.Write(fd, count, more, dontWait, eor, nullSource), Nothing);
            }
            case "close":
            {
                var fd = Fd(e, call);
                return (() => _sockets.Close(fd), Nothing);
            }
            case "shutdown":
            {
                var fd = Fd(e, call);
                var how = Symbol(e, call, 1);
                return (() => _sockets.Shutdown(fd, how), Nothing);
            }
            case "setsockopt":
            {
                var fd = Fd(e, call);
                var level = Symbol(e, call, 1);
                var name = Symbol(e, call, 2);
                var value = Arg(e, call, 3);
                return (() => _sockets.SetSockOpt(fd, level, name, value), Nothing);
            }
            case "getsockopt":
            {
                var fd = Fd(e, call);
                var level = Symbol(e, call, 1);
                var name = Symbol(e, call, 2);
                var expected = Arg(e, call, 3);
                return (() => _sockets.GetSockOpt(fd, level, name), r => CheckOutValue(e, call, expected, r));
            }
            case "fcntl":
            {
                var fd = Fd(e, call);
                var command = Symbol(e, call, 1);
                var flags = call.Args.Count > 2 ? Symbols(call.Args[2]) : [];
                return (() => _sockets.Fcntl(fd, command, flags), Nothing);
            }
            case "ioctl":
            {
                var fd = Fd(e, call);
                var request = Symbol(e, call, 1);
                if (request is not ("SIOCINQ" or "FIONREAD"))
                    throw new StackFeatureMissingException($"ioctl({request}) is not supported by the harness");
                var expected = Arg(e, call, 2);
                return (() => _sockets.InQueue(fd), r => CheckOutValue(e, call, expected, r));
            }
            default:
                throw new ScriptFailure(e.Line, $"harness: the system call {call.Name}() is not supported");
        }
    }

    private static void CheckOutValue(ScriptEvent e, SyscallEvent call, SyscallArg expected, SyscallResult result)
    {
        if (result.Errno is not null || result.OutValue is not { } actual) return;
        var want = expected switch
        {
            { Kind: SyscallArgKind.List, Elements: [{ Kind: SyscallArgKind.Integer } only] } => (long?)only.Integer,
            { Kind: SyscallArgKind.Integer } => expected.Integer,
            _ => null,
        };
        if (want is { } value && value != actual)
            throw new ScriptFailure(e.Line, $"runtime error in {call.Name} call: expected value [{value}] but got [{actual}]");
    }
}
