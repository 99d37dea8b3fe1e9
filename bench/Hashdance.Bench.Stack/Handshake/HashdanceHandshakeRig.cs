using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.Bench.Stack.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Handshake;

/// <summary>
/// Two Hashdance stacks on the in-memory wire with one listener, reused across rounds. A round opens connections
/// from the client stack, each aborted by the client once established (RST); the server's handler registers each
/// accepted child and lets the RST end it. After each round every socket must be gone on both sides.
/// </summary>
public sealed class HashdanceHandshakeRig : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly HashdanceStack _server;
    private readonly HashdanceStack _client;
    private readonly HandshakeTally _tally = new();
    private readonly Ipv4Endpoint _endpoint = new(BenchNetwork.ServerAddress, 8080);

    private HashdanceHandshakeRig(ActorSystem system, HashdanceStack server, HashdanceStack client)
    {
        _system = system;
        _server = server;
        _client = client;
    }

    public static async Task<HashdanceHandshakeRig> StartAsync(int backlog)
    {
        var system = BenchNetwork.CreateSystem("handshake");
        var wire = BenchNetwork.CreateWire(system);
        var server = BenchNetwork.StartServer(system, wire.A, TcpSysctls.Default);
        var client = BenchNetwork.StartClient(system, wire.B, TcpSysctls.Default);
        var rig = new HashdanceHandshakeRig(system, server, client);
        var handler = system.ActorOf(ServerDropHandler.Props(rig._tally), "server-handler");
        var bound = await server.Manager.Ask<TcpEvent>(new Bind(handler, rig._endpoint, backlog), TimeSpan.FromSeconds(30));
        Check.That(bound is Bound, $"bind failed: {bound}");
        return rig;
    }

    public MibSnapshot ServerCounters => _server.Counters.Snapshot();

    public async Task<RoundResult> RunRoundAsync(int connections, int concurrency)
    {
        _tally.Reset(connections);
        var resetsBefore = _server.Counters[MibCounter.TcpEstabResets];
        long ServerResets() => _server.Counters[MibCounter.TcpEstabResets] - resetsBefore;
        var meter = RoundMeter.Start();
        _system.ActorOf(ConnectAbortDriver.Props(_client.Manager, _endpoint, connections, concurrency, _tally));
        var timeout = TimeSpan.FromSeconds(60 + connections / 200);
        string Status() => $"a Hashdance handshake round (client aborted {_tally.ClientAborted}, failed {_tally.ClientFailed}; server accepted {_tally.ServerAccepted}, reset {ServerResets()})";
        await Check.Within(_tally.Done.ContinueWith(_ => true), timeout, Status);
        // The round ends when the server has processed the last RST too: a counter read, polled, costs no message.
        await Check.Within(Poll.Until(() => ServerResets() >= _tally.ClientAborted), timeout, Status);
        var result = meter.Stop(connections);

        Check.That(_tally.ClientFailed == 0, $"{_tally.ClientFailed} of {connections} connects failed; first: {_tally.FirstFailure}");
        Check.That(_tally.ClientAborted == connections, $"the client completed {_tally.ClientAborted} of {connections} handshakes");
        Check.That(_tally.ServerAccepted == connections, $"the server accepted {_tally.ServerAccepted} of {connections} connections");
        Check.That(ServerResets() == connections, $"the server saw {ServerResets()} of {connections} connections reset (TcpEstabResets)");
        var serverLeft = await StackProbe.SettleEhash(_server, 0, TimeSpan.FromSeconds(10));
        var clientLeft = await StackProbe.SettleEhash(_client, 0, TimeSpan.FromSeconds(10));
        Check.That(serverLeft == 0 && clientLeft == 0, $"sockets left behind after the round: server ehash {serverLeft}, client ehash {clientLeft}");
        var queue = await StackProbe.QueueState(_server, _endpoint);
        Check.That(queue.RequestQueueLength == 0 && queue.AcceptQueueLength == 0,
            $"listener queues not empty after the round: qlen {queue.RequestQueueLength}, accept queue {queue.AcceptQueueLength}");
        return result;
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
