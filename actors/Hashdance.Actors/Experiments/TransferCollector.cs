using Akka.Actor;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// Gathers the reports of both ends of every transfer connection and completes the experiment when every connection
/// is decided, or when the time limit (stack time) passes with some undecided. A connection is decided when both ends
/// have reported, or when one end reported an error: its peer may wait for ever, as a Linux socket that only receives
/// does when the sender died (ETIMEDOUT) and no keepalive is set.
/// </summary>
public sealed class TransferCollector : UntypedActor, IWithTimers
{
    /// <summary>An end received more bytes (for progress).</summary>
    public sealed record BytesArrived(long Bytes);

    /// <summary>What the collector hands back.</summary>
    public sealed record Outcome(IReadOnlyList<TransferEndpointReport> Reports, double DurationSeconds, bool TimedOut);

    private sealed record TimeUp
    {
        public static TimeUp Instance { get; } = new();
    }

    private readonly TransferExperimentOptions _options;
    private readonly IClock _clock;
    private readonly TaskCompletionSource<Outcome> _done;
    private readonly Action<TransferProgress>? _progress;
    private readonly List<TransferEndpointReport> _reports = [];
    private readonly Dictionary<Hashdance.Protocol.Wire.Ipv4Endpoint, int> _endsReported = [];
    private readonly HashSet<Hashdance.Protocol.Wire.Ipv4Endpoint> _decided = [];
    private readonly long _startMicros;
    private long _received;

    public TransferCollector(TransferExperimentOptions options, IClock clock, TaskCompletionSource<Outcome> done, Action<TransferProgress>? progress)
    {
        _options = options;
        _clock = clock;
        _done = done;
        _progress = progress;
        _startMicros = clock.NowMicros;
    }

    public static Props Props(TransferExperimentOptions options, IClock clock, TaskCompletionSource<Outcome> done, Action<TransferProgress>? progress) =>
        Akka.Actor.Props.Create(() => new TransferCollector(options, clock, done, progress));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartSingleTimer(TimeUp.Instance, TimeUp.Instance, _options.TimeLimit);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case BytesArrived arrived:
                _received += arrived.Bytes;
                Report();
                break;
            case TransferEndpointReport report:
                _reports.Add(report);
                Report();
                // The client's endpoint names the connection at both ends.
                var connection = report.IsClient ? report.Local : report.Remote;
                var ends = _endsReported[connection] = _endsReported.GetValueOrDefault(connection) + 1;
                if (ends == 2 || report.Error is not null) _decided.Add(connection);
                if (_decided.Count == _options.Connections) Complete(timedOut: false);
                break;
            case TimeUp:
                Complete(timedOut: true);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private double Elapsed => (_clock.NowMicros - _startMicros) / 1e6;

    private void Report() =>
        _progress?.Invoke(new TransferProgress(_reports.Count / 2, _options.Connections, _received,
            2 * _options.Connections * _options.BytesPerDirection, Elapsed));

    private void Complete(bool timedOut)
    {
        _done.TrySetResult(new Outcome(_reports.ToList(), Elapsed, timedOut));
        Context.Stop(Self);
    }
}
