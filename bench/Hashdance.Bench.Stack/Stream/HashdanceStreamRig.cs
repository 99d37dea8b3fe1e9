using System.Diagnostics;
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
public sealed class HashdanceStreamRig : IStreamRig
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

    public async Task BulkAsync(long bytes, int chunk)
    {
        var send = Task.Run(async () =>
        {
            var buffer = new byte[chunk];
            for (var sent = 0L; sent < bytes; sent += chunk) await _client.SendAsync(buffer.AsMemory(0, (int)Math.Min(chunk, bytes - sent)));
        });
        var buffer = new byte[chunk];
        for (var received = 0L; received < bytes;)
        {
            var n = await _server.ReceiveAsync(buffer.AsMemory());
            Check.That(n > 0, "the Hashdance connection ended during the bulk transfer");
            received += n;
        }
        await send;
    }

    public async Task PingPongAsync(int count, long[] ticks)
    {
        var echo = Task.Run(async () =>
        {
            var b = new byte[1];
            for (var i = 0; i < count; i++)
            {
                Check.That(await _server.ReceiveAsync(b.AsMemory()) == 1, "the Hashdance connection ended during the ping-pong");
                await _server.SendAsync(b.AsMemory());
            }
        });
        var one = new byte[1];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await _client.SendAsync(one.AsMemory());
            Check.That(await _client.ReceiveAsync(one.AsMemory()) == 1, "the Hashdance connection ended during the ping-pong");
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        await echo;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        await _system.Terminate();
    }
}
