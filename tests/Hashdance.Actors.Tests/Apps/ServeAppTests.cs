using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Apps;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Apps;

/// <summary>The serve apps and the stream client between two stacks on the in-memory wire, in virtual time.</summary>
public sealed class ServeAppTests : SynchronousVirtualTimeTestKit
{
    private readonly TwoStacks _stacks;
    private readonly AppCounters _counters = new();

    public ServeAppTests() => _stacks = new TwoStacks(Sys);

    private void Serve(ServeApp app, ushort port)
    {
        var bound = new TaskCompletionSource<TcpEvent>();
        Sys.ActorOf(AppListener.Props(_stacks.Server.Manager, new Ipv4Endpoint(TwoStacks.ServerAddress, port), 16, app, _counters, bound));
        Assert.IsType<Bound>(bound.Task.Result);
    }

    /// <summary>Connects, sends <paramref name="send"/>, half-closes, and runs virtual time until both FINs are through.</summary>
    private (StreamClientResult Result, byte[] Received) Exchange(ushort port, byte[] send)
    {
        using var source = new MemoryStream(send);
        using var sink = new MemoryStream();
        var done = new TaskCompletionSource<StreamClientResult>();
        Sys.ActorOf(StreamClient.Props(_stacks.Client.Manager, new Ipv4Endpoint(TwoStacks.ServerAddress, port), source, sink, done));
        for (var i = 0; i < 600 && !done.Task.IsCompleted; i++) Clockwork.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(done.Task.IsCompleted, "the exchange did not finish within 60 s of virtual time");
        return (done.Task.Result, sink.ToArray());
    }

    private static string Response(bool close) =>
        "HTTP/1.1 200 OK\r\nServer: hashdance\r\nContent-Type: text/plain\r\nContent-Length: 21\r\n" + (close ? "Connection: close\r\n" : "") +
        "\r\nHello from Hashdance\n";

    [Fact]
    public void Http_answers_a_get_with_200_and_the_body_and_closes_when_asked()
    {
        Serve(ServeApp.Http, 80);
        var (result, received) = Exchange(80, "GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n"u8.ToArray());

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(Response(close: true), Encoding.ASCII.GetString(received));
        Assert.Equal(1, _counters.Requests);
        Assert.Equal(1, _counters.Finished);
    }

    [Fact]
    public void Http_keeps_the_connection_for_pipelined_requests_and_refuses_other_methods()
    {
        Serve(ServeApp.Http, 80);
        var (result, received) = Exchange(80, "GET /a HTTP/1.1\r\nHost: lab\r\n\r\nHEAD /b HTTP/1.1\r\nHost: lab\r\n\r\nPOST /c HTTP/1.1\r\nHost: lab\r\n\r\n"u8.ToArray());

        Assert.True(result.Succeeded, result.Error);
        var head = "HTTP/1.1 200 OK\r\nServer: hashdance\r\nContent-Type: text/plain\r\nContent-Length: 21\r\n\r\n";
        var refused = "HTTP/1.1 405 Method Not Allowed\r\nServer: hashdance\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n";
        Assert.Equal(Response(close: false) + head + refused, Encoding.ASCII.GetString(received));
        Assert.Equal(3, _counters.Requests);
    }

    [Fact]
    public void Echo_returns_every_byte_in_order()
    {
        Serve(ServeApp.Echo, 7);
        var data = new byte[200_000];
        new Random(5).NextBytes(data);
        var (result, received) = Exchange(7, data);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(data.Length, result.BytesSent);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(received));
        Assert.Equal(SHA256.HashData(data), result.ReceivedSha256);
        Assert.Equal(data.Length, _counters.BytesReceived);
        Assert.Equal(data.Length, _counters.BytesSent);
    }

    [Fact]
    public void Discard_reads_everything_and_sends_nothing()
    {
        Serve(ServeApp.Discard, 9);
        var (result, received) = Exchange(9, new byte[50_000]);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(received);
        Assert.Equal(50_000, _counters.BytesReceived);
        Assert.Equal(0, _counters.BytesSent);
        Assert.Equal(1, _counters.Finished);
    }

    [Fact]
    public void A_refused_connect_is_reported_as_the_clients_error()
    {
        var (result, _) = Exchange(81, [1, 2, 3]);

        Assert.False(result.Connected);
        Assert.False(result.Succeeded);
        Assert.StartsWith("Connect failed: ConnectionRefused", result.Error);
    }
}
