using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;
using static Hashdance.Protocol.Tests.Tcp.Timers.TimerTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>tcp_select_window's zero-window accounting as the receive buffer fills and is read.</summary>
public class ReceiveWindowTests
{
    [Fact]
    public void A_reader_that_stops_reading_closes_the_window_and_reading_reopens_it_with_an_update()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        long now = T0;
        uint sent = 0;
        var rightEdge = 1 + ((uint)core.RcvWnd);
        OutSegment? lastAck = null;
        for (var i = 0; i < 200; i++)
        {
            var length = (int)Math.Min(1448u, rightEdge - (1 + sent));
            if (length <= 0) break;
            now += 1000;
            core.OnSegment(FromClient(TcpFlags.Ack, 1 + sent, 1, length, tsVal: ClientTsVal + 10 + (uint)i), Payload(length), now, output);
            sent += (uint)length;
            foreach (var s in output.Sent)
            {
                lastAck = s.Segment;
                rightEdge = s.Segment.Ack.Value - ClientIsn + ((uint)s.Segment.Window << core.RcvWscale);
            }
            output.Clear();
        }
        // The delayed ACK reports the last bytes.
        core.OnTimer(TcpTimer.DelayedAck, now + 200_000, output);
        foreach (var s in output.Sent) lastAck = s.Segment;
        output.Clear();

        Assert.NotNull(lastAck);
        Assert.Equal(0, lastAck!.Value.Window);
        Assert.Equal(new SeqNum(ClientIsn + 1 + sent), lastAck.Value.Ack);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPToZeroWindowAdv]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPFromZeroWindowAdv]);
        Assert.Equal((int)sent, core.ReadableBytes);

        // Reading everything lets tcp_cleanup_rbuf announce the reopened window at once.
        var buffer = new byte[sent];
        Assert.Equal((int)sent, core.Read(buffer, now + 300_000, output));
        var update = output.Single();
        Assert.True(update.Window > 0);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPFromZeroWindowAdv]);
    }
}
