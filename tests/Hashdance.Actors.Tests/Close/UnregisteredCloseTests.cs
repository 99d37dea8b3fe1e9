using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Close;

/// <summary>A connection that ends before anyone registered for it tells whoever was told Connected.</summary>
public sealed class UnregisteredCloseTests : StackUnderTest
{
    [Fact]
    public void A_reset_before_register_reaches_the_bind_handler_that_got_connected()
    {
        var listener = Bind();
        var flow = SynAndSynAck();
        flow.Ack(tsVal: 101, tsEcr: StackTsVal(NowMicros));
        Run();
        var connected = listener.Handler.ExpectMsg<Connected>();
        var connection = listener.Handler.LastSender;
        Assert.Equal(new Ipv4Endpoint(PeerAddress, flow.PeerPort), connected.RemoteAddress);

        flow.Segment(flags: TcpFlags.Rst);
        Run();

        var closed = listener.Handler.ExpectMsg<ErrorClosed>();
        Assert.Equal(SocketError.ConnectionReset, closed.Error);
        Assert.Equal(connection, listener.Handler.LastSender);
        Assert.Empty(Tables().Ehash);
        Assert.Equal(1, Counters[MibCounter.TcpEstabResets]);
    }
}
