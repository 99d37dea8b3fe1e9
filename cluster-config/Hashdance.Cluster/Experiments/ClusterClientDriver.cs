using Akka.Actor;
using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cluster.Experiments;

/// <summary>
/// The client side of the cluster experiment: keeps up to <c>Concurrency</c> connections in flight until
/// <c>Connections</c> have succeeded or given up. A connection that fails is retried (up to <c>MaxRetries</c>
/// times); one that failed after it was established counts as lost, and as recovered when a retry then succeeds.
/// </summary>
public sealed class ClusterClientDriver : UntypedActor
{
    private readonly IActorRef _manager;
    private readonly Ipv4Endpoint _server;
    private readonly ClusterExperimentOptions _options;
    private readonly IClock _clock;
    private readonly TaskCompletionSource<Report> _done;
    private readonly Action<int>? _onServed;
    private readonly Dictionary<IActorRef, (int Flow, int Attempt, bool LostBefore)> _inFlight = new();
    private readonly Dictionary<int, List<long>> _latenciesByNode = new();
    private readonly Dictionary<string, int> _failures = new();
    private int _nextFlow;
    private int _nextId;
    private int _served;
    private int _lost;
    private int _recovered;
    private int _gaveUp;
    private long _startMicros;

    public ClusterClientDriver(IActorRef manager, Ipv4Endpoint server, ClusterExperimentOptions options, IClock clock,
        TaskCompletionSource<Report> done, Action<int>? onServed)
    {
        _manager = manager;
        _server = server;
        _options = options;
        _clock = clock;
        _done = done;
        _onServed = onServed;
    }

    public static Props Props(IActorRef manager, Ipv4Endpoint server, ClusterExperimentOptions options, IClock clock,
        TaskCompletionSource<Report> done, Action<int>? onServed = null) =>
        Akka.Actor.Props.Create(() => new ClusterClientDriver(manager, server, options, clock, done, onServed));

    /// <summary>What the client saw: latencies by serving node, failures by reason, lost/recovered/given-up counts.</summary>
    public sealed record Report(IReadOnlyDictionary<int, List<long>> LatenciesByNode, IReadOnlyDictionary<string, int> Failures,
        int Lost, int Recovered, int GaveUp, double DurationSeconds);

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        _startMicros = _clock.NowMicros;
        while (_inFlight.Count < _options.Concurrency && _nextFlow < _options.Connections) Start(_nextFlow++, 0, false);
    }

    private void Start(int flow, int attempt, bool lostBefore)
    {
        var child = Context.ActorOf(ClusterClientConnection.Props(_manager, _server, _clock, _options.ConnectionTimeout, _options.HoldTime, _nextId++));
        _inFlight[child] = (flow, attempt, lostBefore);
    }

    protected override void OnReceive(object message)
    {
        if (message is ClusterClientConnection.FirstEcho)
        {
            _onServed?.Invoke(++_served);
            return;
        }
        if (message is not ClusterClientConnection.Outcome outcome || !_inFlight.Remove(Sender, out var attempt))
        {
            Unhandled(message);
            return;
        }
        if (outcome.Echoed)
        {
            if (!_latenciesByNode.TryGetValue(outcome.ServedBy, out var list)) _latenciesByNode[outcome.ServedBy] = list = [];
            list.Add(outcome.LatencyMicros);
            if (attempt.LostBefore) _recovered++;
        }
        else
        {
            var reason = outcome.Failure ?? "unknown";
            _failures[reason] = _failures.GetValueOrDefault(reason) + 1;
            var lost = attempt.LostBefore || outcome.WasEstablished;
            if (outcome.WasEstablished) _lost++;
            if (attempt.Attempt < _options.MaxRetries) Start(attempt.Flow, attempt.Attempt + 1, lost);
            else _gaveUp++;
        }
        while (_inFlight.Count < _options.Concurrency && _nextFlow < _options.Connections) Start(_nextFlow++, 0, false);
        if (_inFlight.Count == 0 && _nextFlow >= _options.Connections)
        {
            _done.TrySetResult(new Report(_latenciesByNode, _failures, _lost, _recovered, _gaveUp, (_clock.NowMicros - _startMicros) / 1e6));
            Context.Stop(Self);
        }
    }
}
