using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cluster.Experiments;

/// <summary>
/// One client connection of the cluster experiment: connect, send a greeting, wait for the echo (which names the
/// serving node); optionally hold the connection open and exchange a second greeting; close. Tells its parent an
/// <see cref="Outcome"/> and stops.
/// </summary>
public sealed class ClusterClientConnection : UntypedActor, IWithTimers
{
    private const string TimeoutKey = "timeout";
    private const string HoldKey = "hold";
    private readonly IActorRef _manager;
    private readonly Ipv4Endpoint _server;
    private readonly IClock _clock;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _hold;
    private readonly byte[] _greeting;
    private ByteString _echo = ByteString.Empty;
    private long _startMicros;
    private long _latencyMicros = -1;
    private int _exchanges;
    private IActorRef _connection = ActorRefs.Nobody;
    private bool _reported;

    public ClusterClientConnection(IActorRef manager, Ipv4Endpoint server, IClock clock, TimeSpan timeout, TimeSpan hold, int id)
    {
        _hold = hold;
        _manager = manager;
        _server = server;
        _clock = clock;
        _timeout = timeout;
        _greeting = System.Text.Encoding.ASCII.GetBytes($"hello {id}");
    }

    public static Props Props(IActorRef manager, Ipv4Endpoint server, IClock clock, TimeSpan timeout, TimeSpan hold, int id) =>
        Akka.Actor.Props.Create(() => new ClusterClientConnection(manager, server, clock, timeout, hold, id));

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// How the connection ended. <paramref name="ServedBy"/> is the node index from the echo (-1 if none came);
    /// <paramref name="LatencyMicros"/> is connect → Connected (-1 if never established).
    /// </summary>
    public sealed record Outcome(bool Echoed, int ServedBy, long LatencyMicros, string? Failure) : INoSerializationVerificationNeeded
    {
        public bool WasEstablished => LatencyMicros >= 0;
    }

    /// <summary>The first echo arrived: the connection is established and served.</summary>
    public sealed record FirstEcho : INoSerializationVerificationNeeded
    {
        public static FirstEcho Instance { get; } = new();
    }

    private sealed record Timeout : INoSerializationVerificationNeeded
    {
        public static Timeout Instance { get; } = new();
    }

    private sealed record HoldOver : INoSerializationVerificationNeeded
    {
        public static HoldOver Instance { get; } = new();
    }

    protected override void PreStart()
    {
        _startMicros = _clock.NowMicros;
        Timers.StartSingleTimer(TimeoutKey, Timeout.Instance, _timeout);
        _manager.Tell(new Connect(_server));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected:
                _latencyMicros = _clock.NowMicros - _startMicros;
                _connection = Sender;
                _connection.Tell(new Register(Self));
                _connection.Tell(new Write(ByteString.FromBytes(_greeting)));
                break;
            case Received received:
                _echo = _echo.Concat(received.Data);
                if (_echo.Count < _greeting.Length + 1) break;
                var servedBy = _echo[_greeting.Length];
                _echo = ByteString.Empty;
                if (++_exchanges == 1) Context.Parent.Tell(FirstEcho.Instance);
                if (_exchanges == 1 && _hold > TimeSpan.Zero)
                {
                    Timers.StartSingleTimer(TimeoutKey, Timeout.Instance, _hold + _timeout);
                    Timers.StartSingleTimer(HoldKey, HoldOver.Instance, _hold);
                    break;
                }
                Report(new Outcome(true, servedBy, _latencyMicros, null));
                _connection.Tell(Close.Instance);
                Context.Stop(Self);
                break;
            case HoldOver:
                _connection.Tell(new Write(ByteString.FromBytes(_greeting)));
                break;
            case Closed or ConfirmedClosed or Aborted:
                Report(new Outcome(false, -1, _latencyMicros, "closed before the echo"));
                Context.Stop(Self);
                break;
            case ErrorClosed closed:
                Report(new Outcome(false, -1, _latencyMicros, closed.Error.ToString()));
                Context.Stop(Self);
                break;
            case CommandFailed failed:
                Report(new Outcome(false, -1, _latencyMicros, failed.Error.ToString()));
                Context.Stop(Self);
                break;
            case Timeout:
                Report(new Outcome(false, -1, _latencyMicros, "timeout"));
                Context.Stop(Self);
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Only the first outcome counts.</summary>
    private void Report(Outcome outcome)
    {
        if (_reported) return;
        _reported = true;
        Context.Parent.Tell(outcome);
    }
}
