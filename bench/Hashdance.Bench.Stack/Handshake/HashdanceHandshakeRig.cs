using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.Bench.Stack.Drivers;
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
    private readonly Ipv4Endpoint _endpoint = new(BenchNetwork.ServerAddress, 8080);
    private ConnectTally _tally = new(0, ConnectMode.AbortWhenEstablished);

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
        var handler = system.ActorOf(AcceptingHandler.Props(() => rig._tally), "server-handler");
        var bound = await server.Manager.Ask<TcpEvent>(new Bind(handler, rig._endpoint, backlog), TimeSpan.FromSeconds(30));
        Check.That(bound is Bound, $"bind failed: {bound}");
        return rig;
    }

    public MibSnapshot ServerCounters => _server.Counters.Snapshot();

    public async Task<RoundResult> RunRoundAsync(int connections, int concurrency)
    {
        var tally = _tally = new ConnectTally(connections, ConnectMode.AbortWhenEstablished);
        // A child reset before its handler's Register arrives reports its end to no one, so the server's side of the
        // round is judged from its MIB counters: a counter read, polled, costs no message.
        var resetsBefore = _server.Counters[MibCounter.TcpEstabResets];
        long ServerResets() => _server.Counters[MibCounter.TcpEstabResets] - resetsBefore;
        var meter = RoundMeter.Start();
        _system.ActorOf(ConnectDriver.Props(_client.Manager, [_endpoint], concurrency, tally));
        var timeout = TimeSpan.FromSeconds(60 + connections / 200);
        string Status() => $"a Hashdance handshake round (client aborted {tally.Aborted}, failed {tally.Failed}; server accepted {tally.ServerAccepted}, reset {ServerResets()})";
        await Check.Within(tally.Done.ContinueWith(_ => true), timeout, Status);
        await Check.Within(Poll.Until(() => ServerResets() >= tally.Aborted), timeout, Status);
        var result = meter.Stop(connections);

        Check.That(tally.Failed == 0, $"{tally.Failed} of {connections} connects failed; first: {tally.FirstFailure}");
        Check.That(tally.Aborted == connections, $"the client completed {tally.Aborted} of {connections} handshakes");
        Check.That(tally.ServerAccepted == connections, $"the server accepted {tally.ServerAccepted} of {connections} connections");
        Check.That(ServerResets() == connections, $"the server saw {ServerResets()} of {connections} connections reset (TcpEstabResets)");
        var serverLeft = await StackProbe.WaitForEhash(_server, c => c == 0, TimeSpan.FromSeconds(10));
        var clientLeft = await StackProbe.WaitForEhash(_client, c => c == 0, TimeSpan.FromSeconds(10));
        Check.That(serverLeft == 0 && clientLeft == 0, $"sockets left behind after the round: server ehash {serverLeft}, client ehash {clientLeft}");
        var queue = await StackProbe.QueueState(_server, _endpoint);
        Check.That(queue.RequestQueueLength == 0 && queue.AcceptQueueLength == 0,
            $"listener queues not empty after the round: qlen {queue.RequestQueueLength}, accept queue {queue.AcceptQueueLength}");
        return result;
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
