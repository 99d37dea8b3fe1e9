using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hashdance.Bench.Stack.Harness;

namespace Hashdance.Bench.Stack.Stream;

/// <summary>
/// The same-run baseline of the stream benchmark: one kernel TCP connection over 127.0.0.1 through
/// System.Net.Sockets (TCP_NODELAY on both ends, as on the Hashdance pair), driven with the same async calls.
/// </summary>
public sealed class KernelStreamRig : IStreamRig
{
    private readonly Socket _client;
    private readonly Socket _server;

    private KernelStreamRig(Socket client, Socket server)
    {
        _client = client;
        _server = server;
    }

    public static async Task<KernelStreamRig> StartAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await accept;
        server.NoDelay = true;
        return new KernelStreamRig(client, server);
    }

    public async Task BulkAsync(long bytes, int chunk)
    {
        var send = Task.Run(async () =>
        {
            var buffer = new byte[chunk];
            for (var sent = 0L; sent < bytes;)
            {
                var n = (int)Math.Min(chunk, bytes - sent);
                sent += await _client.SendAsync(buffer.AsMemory(0, n));
            }
        });
        var buffer = new byte[chunk];
        for (var received = 0L; received < bytes;)
        {
            var n = await _server.ReceiveAsync(buffer.AsMemory());
            Check.That(n > 0, "the kernel connection ended during the bulk transfer");
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
                Check.That(await _server.ReceiveAsync(b.AsMemory()) == 1, "the kernel connection ended during the ping-pong");
                await _server.SendAsync(b.AsMemory());
            }
        });
        var one = new byte[1];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await _client.SendAsync(one.AsMemory());
            Check.That(await _client.ReceiveAsync(one.AsMemory()) == 1, "the kernel connection ended during the ping-pong");
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        await echo;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        return ValueTask.CompletedTask;
    }
}
