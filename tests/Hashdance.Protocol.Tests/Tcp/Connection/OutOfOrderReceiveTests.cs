using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

public class OutOfOrderReceiveTests
{
    private const long T0 = 100_000;

    private static TcpSackBlock Block(uint start, uint end) => new(new SeqNum(ClientIsn + start), new SeqNum(ClientIsn + end));

    private static byte[] Stream(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i * 7 + 3);
        return bytes;
    }

    private static void Deliver(TcpConnectionCore core, RecordingOutput output, byte[] stream, int from, int length, long now, TcpFlags extra = 0)
    {
        var segment = FromClient(TcpFlags.Ack | extra, (uint)(1 + from), 1, payloadLength: length);
        core.OnSegment(segment, stream.AsSpan(from, length), now, output);
    }

    [Fact]
    public void Out_of_order_data_is_held_sacked_at_once_and_delivered_when_the_gap_fills()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var stream = Stream(300);

        Deliver(core, output, stream, 100, 100, T0 + 4000);

        Assert.Equal(0, core.ReadableBytes);
        Assert.Equal(100, core.OutOfOrderBytes);
        var dup = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 1), dup.Ack);
        Assert.Equal(1, dup.Options.SackBlockCount);
        Assert.Equal(Block(101, 201), dup.Options.SackBlocks[0]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPOFOQueue]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPOFODrop]);
        output.Clear();

        Deliver(core, output, stream, 0, 100, T0 + 8000);

        Assert.Equal(new SeqNum(ClientIsn + 201), core.RcvNxt);
        Assert.Equal(0, core.OutOfOrderBytes);
        var ack = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 201), ack.Ack);
        Assert.Equal(0, ack.Options.SackBlockCount);
        var read = new byte[300];
        Assert.Equal(200, core.Read(read));
        Assert.Equal(stream.AsSpan(0, 200).ToArray(), read[..200]);
    }

    [Fact]
    public void Sack_blocks_are_reported_most_recent_first_three_of_them_beside_timestamps()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var stream = Stream(1000);

        Deliver(core, output, stream, 100, 100, T0 + 4000);
        Deliver(core, output, stream, 300, 100, T0 + 8000);
        Deliver(core, output, stream, 500, 100, T0 + 12000);
        Deliver(core, output, stream, 700, 100, T0 + 16000);

        var last = output.Sent[^1].Segment;
        Assert.Equal(3, last.Options.SackBlockCount);
        Assert.Equal(Block(701, 801), last.Options.SackBlocks[0]);
        Assert.Equal(Block(501, 601), last.Options.SackBlocks[1]);
        Assert.Equal(Block(301, 401), last.Options.SackBlocks[2]);
        Assert.Equal([Block(701, 801), Block(501, 601), Block(301, 401), Block(101, 201)], core.SackBlocks);
        output.Clear();

        // Extending an older block moves it to the front (tcp_sack_new_ofo_skb).
        Deliver(core, output, stream, 200, 100, T0 + 20000);
        var ack = output.Single();
        Assert.Equal(Block(101, 401), ack.Options.SackBlocks[0]);
        Assert.Equal(Block(701, 801), ack.Options.SackBlocks[1]);
        Assert.Equal(Block(501, 601), ack.Options.SackBlocks[2]);
        output.Clear();

        // Filling the first hole delivers up to the next one and drops the covered block.
        Deliver(core, output, stream, 0, 100, T0 + 24000);
        Assert.Equal(new SeqNum(ClientIsn + 401), core.RcvNxt);
        Assert.Equal([Block(701, 801), Block(501, 601)], core.SackBlocks);
        Assert.Equal(new SeqNum(ClientIsn + 401), output.Single().Ack);
        var read = new byte[1000];
        Assert.Equal(400, core.Read(read));
        Assert.Equal(stream.AsSpan(0, 400).ToArray(), read[..400]);
    }

    [Fact]
    public void A_duplicate_out_of_order_segment_is_dsacked_ahead_of_the_sack_blocks()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var stream = Stream(400);
        Deliver(core, output, stream, 100, 100, T0 + 4000);
        Deliver(core, output, stream, 300, 100, T0 + 8000);
        output.Clear();

        Deliver(core, output, stream, 100, 100, T0 + 12000);

        var ack = output.Single();
        Assert.Equal(3, ack.Options.SackBlockCount);
        Assert.Equal(Block(101, 201), ack.Options.SackBlocks[0]);
        Assert.Equal(Block(301, 401), ack.Options.SackBlocks[1]);
        Assert.Equal(Block(101, 201), ack.Options.SackBlocks[2]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPDSACKOfoSent]);
        Assert.Equal(200, core.OutOfOrderBytes);
    }

    [Fact]
    public void An_out_of_order_fin_takes_effect_when_the_data_before_it_arrives()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var stream = Stream(200);
        Deliver(core, output, stream, 100, 100, T0 + 4000, TcpFlags.Fin);
        Assert.Equal(TcpState.Established, core.State);
        Assert.Equal(Block(101, 202), output.Single().Options.SackBlocks[0]);
        output.Clear();

        Deliver(core, output, stream, 0, 100, T0 + 8000);

        Assert.Equal(TcpState.CloseWait, core.State);
        Assert.Equal(new SeqNum(ClientIsn + 202), core.RcvNxt);
        Assert.True(core.PeerFinished);
        Assert.Contains(TcpSocketEvent.PeerClosed, output.Events);
        Assert.Equal(new SeqNum(ClientIsn + 202), output.Single().Ack);
        var read = new byte[300];
        Assert.Equal(200, core.Read(read));
        Assert.Equal(stream, read[..200]);
    }

    [Fact]
    public void In_order_data_that_covers_queued_ranges_reports_the_first_as_dsack_before_the_remaining_sack()
    {
        // tcp_dsack_mult (Linux selftests): with [101,201) and [301,401) queued and [701,801) beyond, 600 in-order
        // bytes D-SACK the first queued range; the second does not touch it, so it is not joined (tcp_sack_extend).
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var stream = Stream(1000);
        Deliver(core, output, stream, 100, 100, T0 + 4000);
        Deliver(core, output, stream, 300, 100, T0 + 8000);
        Deliver(core, output, stream, 700, 100, T0 + 12000);
        output.Clear();

        Deliver(core, output, stream, 0, 600, T0 + 16000);

        var ack = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 601), ack.Ack);
        Assert.Equal(2, ack.Options.SackBlockCount);
        Assert.Equal(Block(101, 201), ack.Options.SackBlocks[0]);
        Assert.Equal(Block(701, 801), ack.Options.SackBlocks[1]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPDSACKOldSent]);
        output.Clear();

        // The queued [701,801) arrives again in order: D-SACK for it alone.
        Deliver(core, output, stream, 600, 200, T0 + 20000);
        var second = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 801), second.Ack);
        Assert.Equal(1, second.Options.SackBlockCount);
        Assert.Equal(Block(701, 801), second.Options.SackBlocks[0]);
    }

    [Fact]
    public void A_retransmitted_tail_with_a_fin_is_acknowledged_without_dsack()
    {
        // tcp_close_no_rst (Linux selftests): the partial duplicate sets a D-SACK for its head, then tcp_fin's
        // tcp_sack_reset clears it, so the (delayed) ACK of the FIN carries none.
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);
        var stream = Stream(100);
        Deliver(core, output, stream, 0, 100, T0 + 4000);
        core.Read(new byte[100]);
        output.Clear();

        Deliver(core, output, stream, 0, 100, T0 + 8000, TcpFlags.Fin);
        core.OnTimer(TcpTimer.DelayedAck, T0 + 48_000, output);

        var ack = output.Single();
        Assert.Equal(new SeqNum(ClientIsn + 102), ack.Ack);
        Assert.Equal(0, ack.Options.SackBlockCount);
    }
}
