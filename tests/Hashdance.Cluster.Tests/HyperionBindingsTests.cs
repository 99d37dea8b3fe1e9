using Akka.Actor;
using Akka.IO;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Api;
using Hashdance.Cluster;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cluster.Tests;

public sealed class HyperionBindingsTests() : Akka.TestKit.Xunit2.TestKit(HyperionBindings.Config.WithFallback("akka.actor.serialize-messages = on"))
{
    public static TheoryData<object> Messages()
    {
        var endpoint = new Ipv4Endpoint(Ipv4Address.Parse("192.168.0.1"), 8080);
        var remote = new Ipv4Endpoint(Ipv4Address.Parse("192.0.2.1"), 40000);
        var options = new SocketOptions { MaxSegment = 1000, SaveSyn = 1, DeferAcceptSeconds = 5 };
        return new TheoryData<object>
        {
            new Bind(ActorRefs.Nobody, endpoint, 16, options, PullMode: true),
            new Bound(endpoint),
            new Connect(endpoint, remote, options),
            new Connected(remote, endpoint),
            new CommandFailed(new Connect(endpoint), SocketError.ConnectionRefused, "refused"),
            new Write(ByteString.FromString("abc"), "ack"),
            new Received(ByteString.FromBytes([1, 2, 3])),
            new ResumeAccepting(3),
            new ErrorClosed(SocketError.ConnectionReset, "reset"),
            new SavedSyn([0x45, 0x00]),
            Unbind.Instance, Unbound.Instance, Abort.Instance, Aborted.Instance, PeerClosed.Instance, Closed.Instance,
            GetSocketInfo.Instance, GetSavedSyn.Instance,
        };
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_api_message_goes_through_hyperion_and_round_trips(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<HyperionSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var back = serializer.FromBinary(bytes, message.GetType());
        // Records holding arrays or ByteStrings compare those by reference, so compare their contents.
        switch (message)
        {
            case Write write:
                var w = Assert.IsType<Write>(back);
                Assert.Equal(write.Data.ToArray(), w.Data.ToArray());
                Assert.Equal(write.Ack, w.Ack);
                break;
            case Received received:
                Assert.Equal(received.Data.ToArray(), Assert.IsType<Received>(back).Data.ToArray());
                break;
            case SavedSyn saved:
                Assert.Equal(saved.Headers, Assert.IsType<SavedSyn>(back).Headers);
                break;
            case CommandFailed failed:
                var f = Assert.IsType<CommandFailed>(back);
                Assert.Equal((failed.Command, failed.Error, failed.Reason), (f.Command, f.Error, f.Reason));
                break;
            default:
                Assert.Equal(message, back);
                break;
        }
    }

    [Fact]
    public void Every_command_and_event_type_is_bound()
    {
        Assert.Contains(typeof(Bind), HyperionBindings.MessageTypes);
        Assert.Contains(typeof(SocketInfo), HyperionBindings.MessageTypes);
        Assert.DoesNotContain(typeof(TcpCommand), HyperionBindings.MessageTypes);
        foreach (var type in HyperionBindings.MessageTypes)
            Assert.IsType<HyperionSerializer>(Sys.Serialization.FindSerializerForType(type));
    }
}
