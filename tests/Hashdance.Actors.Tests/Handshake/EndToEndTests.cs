using Akka.IO;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Handshake;

public sealed class EndToEndTests : TestKit
{
    [Fact]
    public void Client_connects_server_accepts_and_bytes_flow_both_ways()
    {
        var stacks = new TwoStacks(Sys);
        var serverHandler = CreateTestProbe("server-handler");
        stacks.Server.Manager.Tell(new Bind(serverHandler.Ref, new Ipv4Endpoint(TwoStacks.ServerAddress, 8080), 16), TestActor);
        ExpectMsg<Bound>();

        var client = CreateTestProbe("client");
        stacks.Client.Manager.Tell(new Connect(new Ipv4Endpoint(TwoStacks.ServerAddress, 8080)), client.Ref);
        var connected = client.ExpectMsg<Connected>();
        Assert.Equal(new Ipv4Endpoint(TwoStacks.ServerAddress, 8080), connected.RemoteAddress);
        var clientConnection = client.LastSender;
        clientConnection.Tell(new Register(client.Ref), client.Ref);

        var accepted = serverHandler.ExpectMsg<Connected>();
        Assert.Equal(connected.LocalAddress, accepted.RemoteAddress);
        var serverConnection = serverHandler.LastSender;
        serverConnection.Tell(new Register(serverHandler.Ref), serverHandler.Ref);

        clientConnection.Tell(new Write(ByteString.FromString("hello, hashdance"), "sent"), client.Ref);
        client.ExpectMsg("sent");
        Assert.Equal("hello, hashdance", serverHandler.ExpectMsg<Received>().Data.ToString());

        serverConnection.Tell(new Write(ByteString.FromString("welcome")), serverHandler.Ref);
        Assert.Equal("welcome", client.ExpectMsg<Received>().Data.ToString());

        Assert.Equal(1, stacks.Client.Counters[MibCounter.TcpActiveOpens]);
        Assert.Equal(1, stacks.Server.Counters[MibCounter.TcpPassiveOpens]);
    }
}
