using System.Net;
using System.Net.Sockets;

namespace Hashdance.Bench.Stack.Stream;

/// <summary>
/// The same-run baseline of the stream benchmark: one kernel TCP connection over 127.0.0.1 through
/// System.Net.Sockets (TCP_NODELAY on both ends, as on the Hashdance pair), driven with the same async calls.
/// </summary>
public sealed class KernelStreamRig : IAsyncDisposable
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

    public StreamEnds Ends => new(m => SendAll(_client, m), m => _client.ReceiveAsync(m), m => SendAll(_server, m), m => _server.ReceiveAsync(m), "kernel");

    private static async ValueTask SendAll(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty) data = data[await socket.SendAsync(data)..];
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        return ValueTask.CompletedTask;
    }
}
