using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Close;

/// <summary>
/// Close paths through the actors, packet by packet in virtual time (packetdrill close-local-close-then-remote-fin,
/// close-remote-fin-then-close, and §17.8 for a SYN to a TIME_WAIT tuple).
/// </summary>
public sealed class CloseScenarioTests : StackUnderTest
{
    private const long Second = 1_000_000;

    private (PeerFlow Flow, Akka.Actor.IActorRef Connection, Akka.TestKit.TestProbe Handler) Established(BoundListener listener)
    {
        var flow = SynAndSynAck();
        flow.Ack(tsVal: 110, tsEcr: StackTsVal(NowMicros));
        var (connection, handler, _) = Accept(listener);
        Watch(connection);
        return (flow, connection, handler);
    }

    private IReadOnlyDictionary<FourTuple, TimeWaitCore> TimeWaitEntries()
    {
        var probe = CreateTestProbe();
        Run();
        Stack.Ingress.Tell(NicIngress.GetTimeWait.Instance, probe.Ref);
        Run();
        return probe.ExpectMsg<NicIngress.TimeWaitEntries>().Entries;
    }

    [Fact]
    public void Active_close_hands_the_tuple_to_a_time_wait_entry_that_acks_the_peer_fin_and_expires_after_60_s()
    {
        var listener = Bind();
        var (flow, connection, handler) = Established(listener);
        var closer = CreateTestProbe();

        connection.Tell(Api.Close.Instance, closer.Ref);
        ExpectSegment(TcpFlags.Fin | TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1);
        flow.Segment(ackOffset: 1, tsVal: 120);
        Run();

        closer.ExpectMsg<Closed>();
        handler.ExpectMsg<Closed>();
        ExpectTerminated(connection);
        Assert.False(Tables().Ehash.ContainsKey(flow.Tuple));
        Assert.Equal(TcpState.FinWait2, TimeWaitEntries()[flow.Tuple].Substate);

        // The ingress answers for the tuple now: the peer's FIN moves the entry to TIME_WAIT with an ACK.
        flow.Segment(flags: TcpFlags.Fin | TcpFlags.Ack, ackOffset: 1, tsVal: 130);
        var t = NowMicros;
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 2, flow.PeerIsn + 2, window: 64,
            options: TimestampOptions(StackTsVal(t), 130), atMicros: t);
        Assert.Equal(TcpState.TimeWait, TimeWaitEntries()[flow.Tuple].Substate);
        // A retransmitted FIN is acknowledged again (a FIN is never rate-limited).
        flow.Segment(flags: TcpFlags.Fin | TcpFlags.Ack, ackOffset: 1, tsVal: 131);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 2, flow.PeerIsn + 2);

        AdvanceToMicros(t + 60 * Second - 1000);
        Assert.True(TimeWaitEntries().ContainsKey(flow.Tuple));
        AdvanceToMicros(t + 60 * Second);
        Assert.Empty(TimeWaitEntries());
        flow.Segment(dataOffset: 1, ackOffset: 1, tsVal: 140);
        ExpectStatelessReset(flow.StackIsn + 2);
        Assert.Equal(1, Counters[MibCounter.TcpExtTW]);
    }

    [Fact]
    public void Passive_close_peer_fin_then_close_then_last_ack_and_a_later_segment_gets_a_bare_rst()
    {
        var listener = Bind();
        var (flow, connection, handler) = Established(listener);

        flow.Segment(flags: TcpFlags.Fin | TcpFlags.Ack, tsVal: 120);
        Run();
        handler.ExpectMsg<PeerClosed>();
        connection.Tell(Api.Close.Instance, handler.Ref);
        // The FIN's delayed ACK is folded into our FIN.
        ExpectSegment(TcpFlags.Fin | TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 2);
        flow.Segment(dataOffset: 1, ackOffset: 1, tsVal: 130);
        Run();

        handler.ExpectMsg<Closed>();
        ExpectTerminated(connection);
        Assert.Empty(TimeWaitEntries());
        Assert.False(Tables().Ehash.ContainsKey(flow.Tuple));
        flow.Segment(dataOffset: 1, ackOffset: 1, tsVal: 140);
        ExpectStatelessReset(flow.StackIsn + 2);
    }

    [Fact]
    public void A_new_syn_to_a_time_wait_tuple_gets_a_syn_ack_with_isn_old_snd_nxt_plus_65537()
    {
        var listener = Bind();
        var (flow, connection, _) = Established(listener);
        var closer = CreateTestProbe();
        connection.Tell(new Shutdown(ShutdownHow.Write), closer.Ref);
        ExpectSegment(TcpFlags.Fin | TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1);
        flow.Segment(flags: TcpFlags.Fin | TcpFlags.Ack, ackOffset: 1, tsVal: 120);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 2, flow.PeerIsn + 2);
        ExpectTerminated(connection);
        Assert.Equal(TcpState.TimeWait, TimeWaitEntries()[flow.Tuple].Substate);

        var again = Flow(peerIsn: flow.PeerIsn.Value + 100_000, peerPort: flow.PeerPort);
        again.Syn(PeerFlow.LinuxSynOptions(200));
        var synAck = again.ExpectSynAck();

        Assert.Equal(flow.StackIsn + 2 + 65537, synAck.Tcp.SequenceNumber);
        Assert.Empty(TimeWaitEntries());
        Assert.True(Tables().Ehash.ContainsKey(flow.Tuple));
    }

    [Fact]
    public void Confirmed_close_waits_for_the_peer_fin_and_answers_confirmed_closed()
    {
        var listener = Bind();
        var (flow, connection, handler) = Established(listener);

        connection.Tell(ConfirmedClose.Instance, handler.Ref);
        ExpectSegment(TcpFlags.Fin | TcpFlags.Ack, flow.StackIsn + 1, flow.PeerIsn + 1);
        flow.Segment(ackOffset: 1, tsVal: 120);
        flow.Segment(payload: "late"u8, flags: TcpFlags.Ack | TcpFlags.Psh, ackOffset: 1, tsVal: 121);
        Assert.Equal("late"u8.ToArray(), ReceiveBytes(handler, 4));
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 2, flow.PeerIsn + 5);
        flow.Segment(dataOffset: 4, flags: TcpFlags.Fin | TcpFlags.Ack, ackOffset: 1, tsVal: 122);
        ExpectSegment(TcpFlags.Ack, flow.StackIsn + 2, flow.PeerIsn + 6);

        handler.ExpectMsg<PeerClosed>();
        handler.ExpectMsg<ConfirmedClosed>();
        ExpectTerminated(connection);
        Assert.Equal(TcpState.TimeWait, TimeWaitEntries()[flow.Tuple].Substate);
    }
}
