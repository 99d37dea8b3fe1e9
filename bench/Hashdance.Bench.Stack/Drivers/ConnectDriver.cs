using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Drivers;

/// <summary>
/// The client side of a benchmark: keeps <c>concurrency</c> connects in flight until the tally's target has been
/// started, spread round-robin over <c>servers</c> (one 4-tuple family has only ~28k ephemeral ports), and handles
/// each established connection as its <see cref="ConnectMode"/> says. One actor for the whole run, so the client side
/// spawns only the connection actors themselves.
/// </summary>
public sealed class ConnectDriver : UntypedActor
{
    private readonly IActorRef _manager;
    private readonly Connect[] _connects;
    private readonly int _concurrency;
    private readonly ConnectTally _tally;
    private int _started;
    private int _ended;

    public ConnectDriver(IActorRef manager, IReadOnlyList<Ipv4Endpoint> servers, int concurrency, ConnectTally tally)
    {
        _manager = manager;
        _connects = servers.Select(s => new Connect(s)).ToArray();
        _concurrency = concurrency;
        _tally = tally;
    }

    public static Props Props(IActorRef manager, IReadOnlyList<Ipv4Endpoint> servers, int concurrency, ConnectTally tally) =>
        Akka.Actor.Props.Create(() => new ConnectDriver(manager, servers, concurrency, tally));

    protected override void PreStart() => StartMore();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected when _tally.Mode == ConnectMode.AbortWhenEstablished:
                _tally.OnEstablished();
                Sender.Tell(Abort.Instance);
                return;
            case Connected:
                Sender.Tell(new Register(Self));
                _tally.OnEstablished();
                break;
            case Aborted:
                _tally.OnAborted();
                break;
            case CommandFailed failed:
                _tally.OnFailed($"{failed.Command.GetType().Name}: {failed.Error}: {failed.Reason}");
                break;
            case TcpEvent:
                return;
            default:
                Unhandled(message);
                return;
        }
        _ended++;
        StartMore();
        if (_ended == _tally.Target) Context.Stop(Self);
    }

    private void StartMore()
    {
        while (_started < _tally.Target && _started - _ended < _concurrency)
        {
            _manager.Tell(_connects[_started % _connects.Length]);
            _started++;
        }
    }
}
