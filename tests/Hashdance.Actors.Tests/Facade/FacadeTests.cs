using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Api;
using Hashdance.Actors.Facade;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Facade;

/// <summary>The async facade, in virtual time with every actor running on the calling thread (deterministic).</summary>
public sealed class FacadeTests : SynchronousVirtualTimeTestKit
{
    private static readonly Ipv4Endpoint ServerEndpoint = new(TwoStacks.ServerAddress, 8080);

    [Fact]
    public async Task Listen_connect_accept_and_the_peers_see_each_other()
    {
        var stacks = new TwoStacks(Sys);
        await using var listener = await HashdanceListener.ListenAsync(stacks.Server, ServerEndpoint, backlog: 4);

        var client = await HashdanceConnection.ConnectAsync(stacks.Client, ServerEndpoint);
        var server = await listener.AcceptAsync();

        Assert.Equal(ServerEndpoint, client.RemoteAddress);
        Assert.Equal(client.LocalAddress, server.RemoteAddress);
        Assert.Equal(ServerEndpoint, server.LocalAddress);
        Assert.Equal(1, stacks.Server.Counters[MibCounter.TcpPassiveOpens]);
    }

    [Fact]
    public async Task Children_wait_in_the_accept_queue_until_accept_and_the_queue_admits_backlog_plus_one()
    {
        var stacks = new TwoStacks(Sys);
        await using var listener = await HashdanceListener.ListenAsync(stacks.Server, ServerEndpoint, backlog: 1);

        var first = await HashdanceConnection.ConnectAsync(stacks.Client, ServerEndpoint);
        var second = await HashdanceConnection.ConnectAsync(stacks.Client, ServerEndpoint);
        // The third client completes its side, but the server's accept queue (backlog 1 admits 2) is full: its SYN
        // is dropped (ListenOverflows) and the connect stays pending, retransmitting.
        var third = HashdanceConnection.ConnectAsync(stacks.Client, ServerEndpoint);
        AwaitAssert(() => Assert.Equal(1, stacks.Server.Counters[MibCounter.TcpExtListenOverflows]));
        Assert.False(third.IsCompleted);

        var a = await listener.AcceptAsync();
        Assert.Equal(first.LocalAddress, a.RemoteAddress);
        Clockwork.Advance(TimeSpan.FromSeconds(1));
        var thirdConnection = await third;
        var b = await listener.AcceptAsync();
        var c = await listener.AcceptAsync();
        Assert.Equal(second.LocalAddress, b.RemoteAddress);
        Assert.Equal(thirdConnection.LocalAddress, c.RemoteAddress);
    }

    [Fact]
    public async Task Connect_to_a_closed_port_is_refused()
    {
        var stacks = new TwoStacks(Sys);
        var e = await Assert.ThrowsAsync<HashdanceSocketException>(() => HashdanceConnection.ConnectAsync(stacks.Client, ServerEndpoint));
        Assert.Equal(SocketError.ConnectionRefused, e.Error);
    }

    [Fact]
    public async Task Binding_twice_fails_with_address_in_use_and_accept_on_a_closed_listener_fails()
    {
        var stacks = new TwoStacks(Sys);
        var listener = await HashdanceListener.ListenAsync(stacks.Server, ServerEndpoint);
        var e = await Assert.ThrowsAsync<HashdanceSocketException>(() => HashdanceListener.ListenAsync(stacks.Server, ServerEndpoint));
        Assert.Equal(SocketError.AddressInUse, e.Error);

        var pending = listener.AcceptAsync();
        await listener.DisposeAsync();
        var closed = await Assert.ThrowsAsync<HashdanceSocketException>(() => pending);
        Assert.Equal(SocketError.InvalidArgument, closed.Error);
    }
}
