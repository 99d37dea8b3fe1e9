using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Scenarios;

/// <summary>
/// The ehash swap (request → child, inet_ehash_nolisten) and the cookie child's insertion must lose, repeat and
/// reorder nothing: a third ACK followed at the same virtual instant, before any actor runs, by data segments
/// delivers every byte exactly once and in order to the registered handler, under FIFO scheduling and under many
/// seeded interleavings of the actors' mailboxes.
/// </summary>
public sealed class EhashSwapInvariantTests : StackUnderTest
{
    private const int Segments = 6;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Third_ack_then_data_at_once_delivers_every_byte_once_in_order(bool ackCarriesData)
    {
        var listener = Bind();
        AssertDeliveredOnce(listener, SynAndSynAck(), ackCarriesData);
        AssertNoLeftovers(listener, connections: 1);
    }

    [Fact]
    public void Third_ack_then_data_at_once_under_60_seeded_interleavings()
    {
        var listener = Bind();
        for (var seed = 1; seed <= 60; seed++)
        {
            Dispatcher.Interleaving = new Random(seed);
            AssertDeliveredOnce(listener, SynAndSynAck(), ackCarriesData: seed % 2 == 0, $"seed {seed}");
        }
        Dispatcher.Interleaving = null;
        AssertNoLeftovers(listener, connections: 60);
    }

    [Fact]
    public void Third_ack_then_data_at_once_in_pull_mode_waits_in_the_accept_queue_and_delivers_once()
    {
        var listener = Bind(pullMode: true);
        var flow = SynAndSynAck();
        var expected = SendAckAndDataAtOnce(flow, ackCarriesData: true);
        ExpectNothing(listener.Handler);
        listener.Listener.Tell(new ResumeAccepting(1), listener.Handler.Ref);
        var (_, handler, _) = Accept(listener);
        Assert.Equal(expected, Drain(handler));
        AssertNoLeftovers(listener, connections: 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cookie_ack_then_data_at_once_makes_one_child_and_delivers_every_byte_once_in_order(bool pullMode)
    {
        Start(TcpSysctls.Default with { TcpSyncookies = 2 });
        var listener = Bind(pullMode: pullMode);
        for (var seed = 0; seed <= 20; seed++)
        {
            Dispatcher.Interleaving = seed == 0 ? null : new Random(seed);
            var flow = Flow();
            flow.Syn(PeerFlow.LinuxSynOptions(tsVal: 100));
            var synAck = flow.ExpectSynAck(window: 65160);
            var expected = SendAckAndDataAtOnce(flow, ackCarriesData: seed % 2 == 1, synAck.Tcp.Options.Timestamps!.Value.Value);
            if (pullMode) listener.Listener.Tell(new ResumeAccepting(1), listener.Handler.Ref);
            var (connection, handler, connected) = Accept(listener);
            Assert.Equal(flow.PeerPort, connected.RemoteAddress.Port);
            var received = Drain(handler);
            Assert.True(expected.AsSpan().SequenceEqual(received), $"seed {seed}: {received.Length} of {expected.Length} bytes, lost, repeated or reordered");
            ExpectNothing(listener.Handler);
            Assert.Equal(connection, Tables().Ehash[flow.Tuple]);
            DrainAcks(flow, expected.Length, $"seed {seed}");
        }
        Dispatcher.Interleaving = null;
        Assert.Equal(21, Counters[MibCounter.TcpExtSyncookiesRecv]);
        AssertNoLeftovers(listener, connections: 21);
    }

    private void AssertDeliveredOnce(BoundListener listener, PeerFlow flow, bool ackCarriesData, string because = "")
    {
        var expected = SendAckAndDataAtOnce(flow, ackCarriesData);
        var (connection, handler, connected) = Accept(listener);
        Assert.Equal(flow.PeerPort, connected.RemoteAddress.Port);
        Assert.True(expected.AsSpan().SequenceEqual(Drain(handler)), $"bytes lost, repeated or reordered ({because})");
        ExpectNothing(listener.Handler);
        Assert.Equal(connection, Tables().Ehash[flow.Tuple]);
        DrainAcks(flow, expected.Length, because);
    }

    /// <summary>
    /// The third ACK (with the first data segment, or bare) and then the remaining segments, all sent before any
    /// actor runs. Segment i carries i + 1 copies of byte i, so every loss, repeat or reordering shows.
    /// </summary>
    private byte[] SendAckAndDataAtOnce(PeerFlow flow, bool ackCarriesData, uint? synAckTsVal = null)
    {
        var stackTs = synAckTsVal ?? StackTsVal(NowMicros);
        var expected = new List<byte>();
        var offset = 0;
        if (!ackCarriesData) flow.Ack(tsVal: 1000, tsEcr: stackTs);
        for (var i = 0; i < Segments; i++)
        {
            var payload = Enumerable.Repeat((byte)(i + 1), (i + 1) * 100).ToArray();
            flow.Segment(offset, payload, TcpFlags.Ack | TcpFlags.Psh, tsVal: (uint)(1001 + i), tsEcr: stackTs);
            offset += payload.Length;
            expected.AddRange(payload);
        }
        return expected.ToArray();
    }

    /// <summary>Everything the stack sent for this flow is an ACK (no RST), and the last one acknowledges every byte.</summary>
    private void DrainAcks(PeerFlow flow, int bytes, string because)
    {
        Run();
        WireFrame? last = null;
        while (Wire.HasMessages)
        {
            last = NextFrame();
            Assert.True(last.Tcp.Flags == TcpFlags.Ack, $"unexpected {Describe(last)} ({because})");
            Assert.Equal(flow.PeerPort, last.Tcp.DestinationPort);
        }
        Assert.NotNull(last);
        Assert.Equal(flow.PeerIsn + 1 + bytes, last.Tcp.AckNumber);
    }

    private void AssertNoLeftovers(BoundListener listener, int connections)
    {
        var queue = QueueState(listener);
        Assert.Equal((0, 0, 0, connections), (queue.RequestQueueLength, queue.Young, queue.AcceptQueueLength, queue.Children));
        Assert.Equal(connections, Tables().Ehash.Count);
        Assert.Equal(connections, Counters[MibCounter.TcpPassiveOpens]);
        Assert.Equal(0, Counters[MibCounter.TcpOutRsts]);
    }
}
