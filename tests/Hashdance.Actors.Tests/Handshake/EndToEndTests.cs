using Akka.IO;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Handshake;

public sealed class EndToEndTests : Akka.TestKit.Xunit2.TestKit
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

    [Fact]
    public void Tcp_info_reports_the_negotiated_options_and_tcp_saved_syn_is_readable_once()
    {
        var stacks = new TwoStacks(Sys);
        var serverHandler = CreateTestProbe();
        var options = new Hashdance.Protocol.Tcp.SocketOptions { SaveSyn = 1 };
        stacks.Server.Manager.Tell(new Bind(serverHandler.Ref, new Ipv4Endpoint(TwoStacks.ServerAddress, 8080), 16, options), TestActor);
        ExpectMsg<Bound>();
        var client = CreateTestProbe();
        stacks.Client.Manager.Tell(new Connect(new Ipv4Endpoint(TwoStacks.ServerAddress, 8080)), client.Ref);
        client.ExpectMsg<Connected>();
        var clientConnection = client.LastSender;
        serverHandler.ExpectMsg<Connected>();
        var serverConnection = serverHandler.LastSender;

        serverConnection.Tell(GetSocketInfo.Instance, TestActor);
        var info = ExpectMsg<SocketInfo>();
        Assert.Equal(Hashdance.Protocol.Tcp.TcpState.Established, info.State);
        Assert.True(info.Timestamps && info.Sack && info.WindowScale);
        Assert.Equal(10, info.SndWscale);
        Assert.Equal(10, info.RcvWscale);
        Assert.Equal(1448, info.SndMss);
        Assert.Equal(1448, info.AdvMss);
        clientConnection.Tell(GetSocketInfo.Instance, TestActor);
        Assert.Equal(info.LocalAddress, ExpectMsg<SocketInfo>().RemoteAddress);

        serverConnection.Tell(GetSavedSyn.Instance, TestActor);
        var syn = ExpectMsg<SavedSyn>().Headers!;
        // TCP_SAVE_SYN = 1: the IPv4 header (20 bytes) and the SYN's TCP header with Linux's 20 option bytes.
        Assert.Equal(20 + 40, syn.Length);
        Assert.Equal(0x45, syn[0]);
        Assert.Equal(0x02, syn[20 + 13]);
        Assert.Equal(0xa0, syn[20 + 12]);
        serverConnection.Tell(GetSavedSyn.Instance, TestActor);
        Assert.Null(ExpectMsg<SavedSyn>().Headers);
    }
}
