using Akka.Actor;
using Hashdance.Actors.Facade;
using Hashdance.Actors.Stack;
using Hashdance.Bench.Stack.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Stream;

/// <summary>
/// One Hashdance connection between two stacks on the zero-delay in-memory wire, driven through the async facade
/// (<see cref="HashdanceConnection.SendAsync"/> / <see cref="HashdanceConnection.ReceiveAsync"/>) as ordinary .NET
/// code would drive a socket, with TCP_NODELAY on both ends.
/// </summary>
public sealed class HashdanceStreamRig : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly HashdanceConnection _client;
    private readonly HashdanceConnection _server;

    private HashdanceStreamRig(ActorSystem system, HashdanceStack serverStack, HashdanceStack clientStack, HashdanceConnection client, HashdanceConnection server)
    {
        _system = system;
        ServerStack = serverStack;
        ClientStack = clientStack;
        _client = client;
        _server = server;
    }

    public HashdanceStack ServerStack { get; }
    public HashdanceStack ClientStack { get; }

    /// <summary>Segments both stacks have sent (Tcp OutSegs), data and ACKs.</summary>
    public long SegmentsSent => ServerStack.Counters[MibCounter.TcpOutSegs] + ClientStack.Counters[MibCounter.TcpOutSegs];

    public static async Task<HashdanceStreamRig> StartAsync()
    {
        var system = BenchNetwork.CreateSystem("stream");
        var wire = BenchNetwork.CreateWire(system);
        var server = BenchNetwork.StartServer(system, wire.A, TcpSysctls.Default);
        var client = BenchNetwork.StartClient(system, wire.B, TcpSysctls.Default);
        var endpoint = new Ipv4Endpoint(BenchNetwork.ServerAddress, 9000);
        var options = new SocketOptions { NoDelay = true };
        var listener = await HashdanceListener.ListenAsync(server, endpoint, options: options);
        var connection = await HashdanceConnection.ConnectAsync(client, endpoint, options);
        var accepted = await listener.AcceptAsync();
        return new HashdanceStreamRig(system, server, client, connection, accepted);
    }

    public StreamEnds Ends => new(m => _client.SendAsync(m), m => _client.ReceiveAsync(m), m => _server.SendAsync(m), m => _server.ReceiveAsync(m), "Hashdance");

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        await _system.Terminate();
    }
}
