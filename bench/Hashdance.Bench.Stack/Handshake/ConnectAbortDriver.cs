using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Handshake;

/// <summary>
/// The client side of one handshake round: keeps <c>concurrency</c> connects in flight until <c>total</c> have been
/// made, and aborts each connection as soon as it is established (close() with SO_LINGER {1, 0}: a RST, no
/// TIME_WAIT). One actor for the whole round, so the client side spawns only the connection actors themselves.
/// </summary>
public sealed class ConnectAbortDriver : UntypedActor
{
    private readonly IActorRef _manager;
    private readonly Connect _connect;
    private readonly int _total;
    private readonly int _concurrency;
    private readonly HandshakeTally _tally;
    private int _started;
    private int _ended;

    public ConnectAbortDriver(IActorRef manager, Ipv4Endpoint server, int total, int concurrency, HandshakeTally tally)
    {
        _manager = manager;
        _connect = new Connect(server);
        _total = total;
        _concurrency = concurrency;
        _tally = tally;
    }

    public static Props Props(IActorRef manager, Ipv4Endpoint server, int total, int concurrency, HandshakeTally tally) =>
        Akka.Actor.Props.Create(() => new ConnectAbortDriver(manager, server, total, concurrency, tally));

    protected override void PreStart() => StartMore();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected:
                Sender.Tell(Abort.Instance);
                break;
            case Aborted:
                _ended++;
                _tally.OnClientAborted();
                StartMore();
                break;
            case CommandFailed failed:
                _ended++;
                _tally.OnClientFailed($"{failed.Command.GetType().Name}: {failed.Error}: {failed.Reason}");
                StartMore();
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
        if (_ended == _total) Context.Stop(Self);
    }

    private void StartMore()
    {
        while (_started < _total && _started - _ended < _concurrency)
        {
            _manager.Tell(_connect);
            _started++;
        }
    }
}
