using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// Runs the client side of a handshake experiment: keeps up to <c>Concurrency</c> connects in flight until
/// <c>Connections</c> have finished, then waits (in stack time) until the server has accepted every connection the
/// client established, or until the settle time runs out. Reports progress every second of stack time.
/// </summary>
public sealed class HandshakeClientDriver : UntypedActor, IWithTimers
{
    private readonly IActorRef _manager;
    private readonly IActorRef _recorder;
    private readonly Ipv4Endpoint _server;
    private readonly HandshakeExperimentOptions _options;
    private readonly IClock _clock;
    private readonly TaskCompletionSource<Report> _done;
    private readonly Action<ExperimentProgress>? _progress;
    private readonly List<Ipv4Endpoint> _established = new();
    private readonly List<long> _latencies = new();
    private readonly Dictionary<string, int> _failures = new();
    private int _started;
    private int _finished;
    private int _accepted;
    private long _startMicros;
    private long _lastFinishMicros;
    private long _endMicros;

    public HandshakeClientDriver(IActorRef manager, IActorRef recorder, Ipv4Endpoint server, HandshakeExperimentOptions options, IClock clock,
        TaskCompletionSource<Report> done, Action<ExperimentProgress>? progress)
    {
        _manager = manager;
        _recorder = recorder;
        _server = server;
        _options = options;
        _clock = clock;
        _done = done;
        _progress = progress;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef manager, IActorRef recorder, Ipv4Endpoint server, HandshakeExperimentOptions options, IClock clock,
        TaskCompletionSource<Report> done, Action<ExperimentProgress>? progress) =>
        Akka.Actor.Props.Create(() => new HandshakeClientDriver(manager, recorder, server, options, clock, done, progress));

    /// <summary>What the client side saw.</summary>
    public sealed record Report(IReadOnlyList<Ipv4Endpoint> Established, IReadOnlyList<long> LatenciesMicros,
        IReadOnlyDictionary<string, int> Failures, IReadOnlySet<Ipv4Endpoint> Accepted, double DurationSeconds);

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record ProgressTick
    {
        public static ProgressTick Instance { get; } = new();
    }

    protected override void PreStart()
    {
        _startMicros = _clock.NowMicros;
        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromMilliseconds(50));
        if (_progress is not null) Timers.StartPeriodicTimer("progress", ProgressTick.Instance, TimeSpan.FromSeconds(1));
        StartMore();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ConnectAttempt.Outcome outcome:
                _finished++;
                _lastFinishMicros = _clock.NowMicros;
                if (outcome.Local is { } local)
                {
                    _established.Add(local);
                    _latencies.Add(outcome.LatencyMicros);
                }
                else
                {
                    var reason = outcome.Failure ?? "unknown";
                    _failures[reason] = _failures.GetValueOrDefault(reason) + 1;
                }
                if (_finished == _options.Connections) _endMicros = _lastFinishMicros;
                StartMore();
                break;
            case Tick:
                if (_finished == _options.Connections) _recorder.Tell(AcceptRecorder.GetAccepted.Instance);
                break;
            case AcceptRecorder.AcceptedPeers peers:
                _accepted = peers.Peers.Count;
                var settled = _clock.NowMicros - _lastFinishMicros >= (long)(_options.SettleTime.Ticks / 10);
                if (peers.Peers.IsSupersetOf(_established) || settled) Finish(peers.Peers);
                break;
            case ProgressTick:
                _progress?.Invoke(Progress());
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private ExperimentProgress Progress() =>
        new(_established.Count, _finished - _established.Count, _accepted, _started - _finished, (_clock.NowMicros - _startMicros) / 1e6);

    private void StartMore()
    {
        while (_started < _options.Connections && _started - _finished < _options.Concurrency)
        {
            Context.ActorOf(ConnectAttempt.Props(_manager, _server, _clock));
            _started++;
        }
    }

    private void Finish(IReadOnlySet<Ipv4Endpoint> accepted)
    {
        Timers.CancelAll();
        _progress?.Invoke(Progress() with { Accepted = accepted.Count });
        var duration = (_endMicros - _startMicros) / 1e6;
        _done.TrySetResult(new Report(_established, _latencies, _failures, accepted, duration));
        Context.Stop(Self);
    }
}
