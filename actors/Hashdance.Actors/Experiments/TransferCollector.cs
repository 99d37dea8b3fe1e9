using Akka.Actor;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// Gathers the reports of both ends of every transfer connection and completes the experiment when all are in, or
/// when the time limit (stack time) passes with some missing.
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
                if (_reports.Count == 2 * _options.Connections) Complete(timedOut: false);
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
