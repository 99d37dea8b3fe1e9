using System.Text;
using Hashdance.Actors.Api;
using Hashdance.Actors.Facade;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Facade;

/// <summary>
/// The data half of the async facade (SendAsync, ReceiveAsync, ShutdownAsync, CloseAsync) and
/// <see cref="HashdanceNetworkStream"/>, between two stacks in virtual time.
/// </summary>
public sealed class StreamFacadeTests : SynchronousVirtualTimeTestKit
{
    private static readonly Ipv4Endpoint ServerEndpoint = new(TwoStacks.ServerAddress, 8080);

    private async Task<(HashdanceConnection Client, HashdanceConnection Server)> ConnectAsync(Func<Hashdance.NicIo.ILink, Hashdance.NicIo.ILink>? decorateClient = null)
    {
        var stacks = new TwoStacks(Sys, decorateClient: decorateClient);
        var listener = await HashdanceListener.ListenAsync(stacks.Server, ServerEndpoint);
        var client = await HashdanceConnection.ConnectAsync(stacks.Client, ServerEndpoint);
        var server = await listener.AcceptAsync();
        return (client, server);
    }

    /// <summary>Moves virtual time on, a millisecond at a time, until <paramref name="task"/> completes.</summary>
    private async Task<T> Pump<T>(Task<T> task, int maxMillis = 60_000)
    {
        await Pump((Task)task, maxMillis);
        return await task;
    }

    private async Task Pump(Task task, int maxMillis = 60_000)
    {
        for (var i = 0; i < maxMillis && !task.IsCompleted; i++)
        {
            Clockwork.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }
        Assert.True(task.IsCompleted, $"still waiting after {maxMillis} ms of virtual time");
        await task;
    }

    /// <summary>Reads until <paramref name="count"/> bytes or the end of the stream.</summary>
    private async Task<byte[]> ReceiveExactly(HashdanceConnection connection, int count)
    {
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var n = await Pump(connection.ReceiveAsync(buffer.AsMemory(total)).AsTask());
            if (n == 0) break;
            total += n;
        }
        return buffer[..total];
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Bytes_sent_each_way_are_received_exactly()
    {
        var (client, server) = await ConnectAsync();
        var up = Pattern(300_000, 1);
        var down = Pattern(5000, 2);

        var sent = client.SendAsync(up).AsTask();
        Assert.Equal(up, await ReceiveExactly(server, up.Length));
        await Pump(sent);
        await Pump(server.SendAsync(down).AsTask());
        Assert.Equal(down, await ReceiveExactly(client, down.Length));
    }

    [Fact]
    public async Task Shutdown_sends_FIN_the_peer_reads_the_rest_then_0_and_a_later_send_fails_with_EPIPE()
    {
        var (client, server) = await ConnectAsync();
        await Pump(client.SendAsync("request"u8.ToArray()).AsTask());
        await Pump(client.ShutdownAsync());

        Assert.Equal("request"u8.ToArray(), await ReceiveExactly(server, 7));
        Assert.Equal(0, await Pump(server.ReceiveAsync(new byte[16]).AsTask()));
        Assert.Equal(0, await Pump(server.ReceiveAsync(new byte[16]).AsTask()));

        var e = await Assert.ThrowsAsync<HashdanceSocketException>(() => client.SendAsync(new byte[1]).AsTask());
        Assert.Equal(SocketError.BrokenPipe, e.Error);

        // The other half still works: the server answers and closes; the client reads the answer then 0.
        await Pump(server.SendAsync("response"u8.ToArray()).AsTask());
        await Pump(server.CloseAsync());
        Assert.Equal("response"u8.ToArray(), await ReceiveExactly(client, 8));
        Assert.Equal(0, await Pump(client.ReceiveAsync(new byte[16]).AsTask()));
    }

    [Fact]
    public async Task A_reset_connection_fails_the_waiting_receive_with_ECONNRESET_after_the_queued_bytes()
    {
        var (client, server) = await ConnectAsync();
        await Pump(server.SendAsync("partial"u8.ToArray()).AsTask());
        var receive = new byte[3];
        Assert.Equal(3, await Pump(client.ReceiveAsync(receive).AsTask()));
        Assert.Equal("par"u8.ToArray(), receive);

        // DisposeAsync without CloseAsync on an unfinished connection aborts it (RST).
        await server.DisposeAsync();
        Clockwork.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("tial"u8.ToArray(), await ReceiveExactly(client, 4));
        var e = await Assert.ThrowsAsync<HashdanceSocketException>(() => client.ReceiveAsync(new byte[4]).AsTask());
        Assert.Equal(SocketError.ConnectionReset, e.Error);
        var send = await Assert.ThrowsAsync<HashdanceSocketException>(() => client.SendAsync(new byte[4]).AsTask());
        Assert.Equal(SocketError.ConnectionReset, send.Error);
    }

    [Fact]
    public async Task When_retransmissions_run_out_a_waiting_receive_fails_with_ETIMEDOUT()
    {
        SeverableLink? cable = null;
        var (client, _) = await ConnectAsync(link => cable = new SeverableLink(link));
        cable!.Sever();
        await Pump(client.SendAsync("into the void"u8.ToArray()).AsTask());
        var receive = client.ReceiveAsync(new byte[16]).AsTask();
        // tcp_retries2 = 15 with the RTO from 200 ms doubling up to 120 s: about 924.6 s of retransmissions.
        for (var i = 0; i < 120_000 && !receive.IsCompleted; i++)
        {
            Clockwork.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
        }
        var e = await Assert.ThrowsAsync<HashdanceSocketException>(() => receive);
        Assert.Equal(SocketError.TimedOut, e.Error);
        var send = await Assert.ThrowsAsync<HashdanceSocketException>(() => client.SendAsync(new byte[1]).AsTask());
        Assert.Equal(SocketError.TimedOut, send.Error);
    }

    [Fact]
    public async Task A_slow_reader_makes_SendAsync_wait_until_it_reads()
    {
        var (client, server) = await ConnectAsync();
        var data = Pattern(2 << 20, 3);
        var send = client.SendAsync(data).AsTask();
        for (var i = 0; i < 2000; i++)
        {
            Clockwork.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }
        // Two seconds on, the server has read nothing: its facade queue, its receive queue and the client's send
        // buffer are full and the send still waits.
        Assert.False(send.IsCompleted);

        Assert.Equal(data, await ReceiveExactly(server, data.Length));
        await Pump(send);
    }

    [Fact]
    public async Task Cancelling_a_receive_throws_and_leaves_the_connection_usable()
    {
        var (client, server) = await ConnectAsync();
        using var cts = new CancellationTokenSource();
        var receive = server.ReceiveAsync(new byte[8], cts.Token).AsTask();
        Clockwork.Advance(TimeSpan.FromMilliseconds(10));
        Assert.False(receive.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive);

        await Pump(client.SendAsync("after"u8.ToArray()).AsTask());
        Assert.Equal("after"u8.ToArray(), await ReceiveExactly(server, 5));
    }

    [Fact]
    public async Task Cancelling_a_waiting_send_throws_and_the_next_send_follows_it_in_order()
    {
        var (client, server) = await ConnectAsync();
        var first = Pattern(1 << 20, 4);
        using var cts = new CancellationTokenSource();
        var send = client.SendAsync(first, cts.Token).AsTask();
        Clockwork.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(send.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);

        // The bytes already handed to the stack still go out; the next send waits for them.
        var second = client.SendAsync("tail"u8.ToArray()).AsTask();
        var all = await ReceiveExactly(server, first.Length + 4);
        await Pump(second);
        Assert.Equal(first.Concat("tail"u8.ToArray()).ToArray(), all);
    }

    [Fact]
    public async Task Close_on_both_sides_completes_and_the_peer_sees_the_end_of_the_stream()
    {
        var (client, server) = await ConnectAsync();
        await Pump(client.SendAsync("bye"u8.ToArray()).AsTask());
        await Pump(client.CloseAsync());
        Assert.Equal("bye"u8.ToArray(), await ReceiveExactly(server, 3));
        Assert.Equal(0, await Pump(server.ReceiveAsync(new byte[1]).AsTask()));
        await Pump(server.CloseAsync());
        var e = await Assert.ThrowsAsync<HashdanceSocketException>(() => server.SendAsync(new byte[1]).AsTask());
        Assert.Equal(SocketError.BrokenPipe, e.Error);
    }

    [Fact]
    public async Task StreamWriter_and_StreamReader_exchange_lines_both_ways()
    {
        var (client, server) = await ConnectAsync();
        await using var clientStream = new HashdanceNetworkStream(client);
        await using var serverStream = new HashdanceNetworkStream(server);
        Assert.False(clientStream.CanSeek);
        Assert.True(clientStream.CanRead && clientStream.CanWrite);
        Assert.Throws<NotSupportedException>(() => clientStream.Length);

        var clientWriter = new StreamWriter(clientStream, new UTF8Encoding(false)) { NewLine = "\r\n" };
        var serverWriter = new StreamWriter(serverStream, new UTF8Encoding(false)) { NewLine = "\r\n" };
        var clientReader = new StreamReader(clientStream, Encoding.UTF8);
        var serverReader = new StreamReader(serverStream, Encoding.UTF8);

        // An HTTP/1.1-shaped exchange: request line and headers up, status line, headers and body down.
        await clientWriter.WriteLineAsync("GET /index.html HTTP/1.1");
        await clientWriter.WriteLineAsync("Host: hashdance");
        await clientWriter.WriteLineAsync();
        await Pump(clientWriter.FlushAsync());

        Assert.Equal("GET /index.html HTTP/1.1", await Pump(serverReader.ReadLineAsync()));
        Assert.Equal("Host: hashdance", await Pump(serverReader.ReadLineAsync()));
        Assert.Equal("", await Pump(serverReader.ReadLineAsync()));

        var body = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i} ünïcödé\n"));
        await serverWriter.WriteLineAsync("HTTP/1.1 200 OK");
        await serverWriter.WriteLineAsync($"Content-Length: {Encoding.UTF8.GetByteCount(body)}");
        await serverWriter.WriteLineAsync();
        await serverWriter.WriteAsync(body);
        await Pump(serverWriter.FlushAsync());
        await Pump(serverStream.DisposeAsync().AsTask());

        Assert.Equal("HTTP/1.1 200 OK", await Pump(clientReader.ReadLineAsync()));
        Assert.Equal($"Content-Length: {Encoding.UTF8.GetByteCount(body)}", await Pump(clientReader.ReadLineAsync()));
        Assert.Equal("", await Pump(clientReader.ReadLineAsync()));
        Assert.Equal(body, await Pump(clientReader.ReadToEndAsync()));
    }

    [Fact]
    public async Task The_stream_s_synchronous_calls_move_bytes_too()
    {
        var (client, server) = await ConnectAsync();
        using var clientStream = new HashdanceNetworkStream(client);
        using var serverStream = new HashdanceNetworkStream(server);
        // With every actor on the calling thread and no propagation delay, a small write is delivered inside the call.
        clientStream.Write("sync"u8);
        clientStream.Flush();
        var buffer = new byte[4];
        Assert.Equal(4, serverStream.Read(buffer, 0, 4));
        Assert.Equal("sync"u8.ToArray(), buffer);
        Assert.Throws<NotSupportedException>(() => serverStream.Seek(0, SeekOrigin.Begin));
    }
}
