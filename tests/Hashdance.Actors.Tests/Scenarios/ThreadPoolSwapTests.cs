using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>
/// The ehash-swap invariant once more with the stack on Akka's thread pool, as in production: real concurrency
/// between the ingress, the listener, the request socks and the children (the manual dispatcher explores message
/// orders, this explores threads). Waits are bounded waits for messages; virtual time stands still.
/// </summary>
public sealed class ThreadPoolSwapTests() : StackUnderTest(deterministic: false)
{
    private const int Connections = 20;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ack_then_data_at_once_on_the_thread_pool_delivers_every_byte_once_in_order(int syncookies)
    {
        Start(TcpSysctls.Default with { TcpSyncookies = syncookies });
        var listener = Bind();
        for (var i = 0; i < Connections; i++)
        {
            var flow = Flow();
            flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
            var synAck = Wire.FishForMessage<WireFrame>(f => f.Tcp.IsSyn && f.Tcp.DestinationPort == flow.PeerPort, TimeSpan.FromSeconds(5));
            flow.StackIsn = synAck.Tcp.SequenceNumber;
            var stackTs = synAck.Tcp.Options.Timestamps!.Value.Value;

            var expected = new List<byte>();
            var offset = 0;
            if (i % 2 == 0) flow.Ack(tsVal: 1000, tsEcr: stackTs);
            for (var s = 0; s < 6; s++)
            {
                var payload = Enumerable.Repeat((byte)(i * 6 + s), 50 + 100 * s).ToArray();
                flow.Segment(offset, payload, TcpFlags.Ack | TcpFlags.Psh, tsVal: (uint)(1001 + s), tsEcr: stackTs);
                offset += payload.Length;
                expected.AddRange(payload);
            }
            var (_, handler, connected) = Accept(listener);
            Assert.Equal(flow.PeerPort, connected.RemoteAddress.Port);
            Assert.True(expected.ToArray().AsSpan().SequenceEqual(ReceiveBytes(handler, expected.Count)), $"connection {i}: bytes lost, repeated or reordered");
        }
        ExpectNothing(listener.Handler);
        AwaitAssert(() =>
        {
            var queue = QueueState(listener);
            Assert.Equal((0, 0, 0, Connections), (queue.RequestQueueLength, queue.Young, queue.AcceptQueueLength, queue.Children));
            Assert.Equal(Connections, Tables().Ehash.Count);
        });
        Assert.Equal(Connections, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(0, Counters[MibCounter.TcpOutRsts]);
    }
}
