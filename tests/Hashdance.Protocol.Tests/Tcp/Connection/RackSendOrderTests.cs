using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>
/// RACK's "sent after" order (tcp_skb_sent_after) when ACKs arrive in the same microsecond as the burst they answer,
/// as over a wire without delay in virtual time: a retransmission that an ACK triggered is later than that burst.
/// </summary>
public class RackSendOrderTests
{
    private const long T1 = 500_000;
    private const int Mss = 1448;

    [Fact]
    public void A_retransmission_answered_in_the_same_instant_is_not_lost_again_by_sacks_of_the_earlier_burst()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output);
        core.Send(Payload(10 * Mss), T1, output);
        Assert.Equal(10, output.Sent.Count);
        output.Clear();

        // In the same microsecond segments 1-3 are SACKed: segment 0 is lost (no reordering window at three SACKed
        // segments), Recovery, and it goes again.
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, sack: SegmentBlock(1, 1)), default, T1, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, sack: SegmentBlock(1, 2)), default, T1, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, sack: SegmentBlock(1, 3)), default, T1, output);
        Assert.Equal(CongestionState.Recovery, core.CongestionState);
        Assert.Equal(new SeqNum(ServerIsn + 1), output.Single().Seq);
        Assert.Equal(1, core.RetransOut);
        output.Clear();

        // Still in that microsecond, SACKs of segments 4 and 5, sent in the burst before the retransmission: the
        // retransmission was sent after them, so it is not lost again (on a real wire its later microsecond says so).
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, sack: SegmentBlock(1, 4)), default, T1, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, sack: SegmentBlock(1, 5)), default, T1, output);
        Assert.Equal(1, core.RetransOut);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPLostRetransmit]);
        Assert.Equal(1, mib[MibCounter.TcpRetransSegs]);
        Assert.DoesNotContain(output.Sent, s => s.Segment.Seq == new SeqNum(ServerIsn + 1));
    }
}
