using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

public class AbortAndSendTests
{
    private const long T0 = 100_000;

    [Fact]
    public void Abort_sends_rst_ack_at_snd_nxt_with_rcv_nxt_and_the_scaled_receive_window()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        core.OnSegment(FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 100, tsVal: 1015), Payload(100), T0 + 4000, output);
        output.Clear();

        core.Abort(T0 + 8000, output);

        Assert.Equal(TcpState.Close, core.State);
        var rst = output.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), rst.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 101), rst.Ack);
        Assert.Equal((ushort)(core.RcvWnd >> core.RcvWscale), rst.Window);
        Assert.Equal(64, rst.Window);
        Assert.Equal(new TcpTimestamps((uint)((T0 + 8000) / 1000) + RequestTsOffset, 1015), rst.Options.Timestamps);
        Assert.Equal([TcpSocketEvent.Closed], output.Events);
        Assert.Equal(1, mib[MibCounter.TcpEstabResets]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPAbortOnClose]);

        output.Clear();
        core.Abort(T0 + 9000, output);
        Assert.Empty(output.Sent);
    }

    [Fact]
    public void Abort_of_a_child_still_in_syn_recv_resets_without_estab_resets()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var ack = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(), Listener(mib), ack, T0);

        core.Abort(T0, output);

        var rst = output.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), rst.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 1), rst.Ack);
        // ALIGN(65160, 1024) >> 10.
        Assert.Equal(64, rst.Window);
        Assert.Equal(0, mib[MibCounter.TcpEstabResets]);
        Assert.Equal(0, mib[MibCounter.TcpAttemptFails]);
    }

    [Fact]
    public void Abort_in_syn_sent_sends_nothing()
    {
        var output = new RecordingOutput();
        var core = TcpConnectionCore.Connect(ActiveTuple, Settings(new MibCounters()), T0, output);
        output.Clear();

        core.Abort(T0 + 4000, output);

        Assert.Empty(output.Sent);
        Assert.Equal(TcpState.Close, core.State);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));
        Assert.Equal([TcpSocketEvent.Closed], output.Events);
    }

    [Fact]
    public void Sending_3000_bytes_to_a_peer_with_mss_1460_and_timestamps_makes_1448_1448_104()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        var data = Payload(3000, 3);

        Assert.Equal(3000, core.Send(data, T0 + 4000, output));

        Assert.Equal(3, output.Sent.Count);
        int[] lengths = [1448, 1448, 104];
        uint offset = 1;
        for (var i = 0; i < 3; i++)
        {
            var s = output.Sent[i];
            Assert.Equal(lengths[i], s.Payload.Length);
            Assert.Equal(new SeqNum(ServerIsn + offset), s.Segment.Seq);
            Assert.Equal(new SeqNum(ClientIsn + 1), s.Segment.Ack);
            // The handshake's 100 ms RTT gives a pacing rate under 1 MSS per ms, so tcp_tso_segs is
            // tcp_min_tso_segs (2): the first two segments leave as one GSO packet, whose last segment
            // __tcp_transmit_skb marks PSH; the 104-byte tail carries the write's own PSH (tcp_push).
            Assert.Equal(i == 0 ? TcpFlags.Ack : TcpFlags.Ack | TcpFlags.Psh, s.Segment.Flags);
            Assert.NotNull(s.Segment.Options.Timestamps);
            Assert.Equal(data.AsSpan((int)offset - 1, lengths[i]).ToArray(), s.Payload);
            offset += (uint)lengths[i];
        }
        Assert.Equal(new SeqNum(ServerIsn + 3001), core.SndNxt);
        Assert.Equal(3, core.PacketsOut);
        // ip_select_ident_segs: a connected socket numbers its packets from its own inet_id, one per segment, DF set.
        var firstId = output.Sent[0].Segment.IpId;
        Assert.Equal([firstId, (ushort)(firstId + 1), (ushort)(firstId + 2)], output.Sent.Select(x => x.Segment.IpId));
        Assert.All(output.Sent, x => Assert.True(x.Segment.DontFragment));
        // The child sent nothing before (the third ACK needs no answer), so its first packet carries the initial inet_id.
        Assert.Equal(new TcpSecrets(Seed).InitialIpId(core.Tuple), firstId);
        Assert.Equal(3000, core.SendQueueBytes);
        Assert.Equal(3, mib[MibCounter.TcpExtTCPOrigDataSent]);

        output.Clear();
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2897), default, T0 + 50_000, output);
        Assert.Equal(new SeqNum(ServerIsn + 2897), core.SndUna);
        Assert.Equal(104, core.SendQueueBytes);
        Assert.Equal(1, core.PacketsOut);
        Assert.Empty(output.Sent);
    }

    [Fact]
    public void Sending_fills_the_peers_window_to_its_edge_and_resumes_when_it_opens()
    {
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);
        // The peer shrinks its offer to 2048 bytes (16 << 7). A window update needs a newer SEG.SEQ than snd_wl1
        // (RFC 793's SND.WL1 rule), so the peer sends a little data first.
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, payloadLength: 10), Payload(10), T0 + 4000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 11, 1, window: 16), default, T0 + 4000, output);
        Assert.Equal(2048u, core.SndWnd);
        output.Clear();

        // tcp_snd_wnd_test wants only the first MSS inside the window; tcp_mss_split_point then fills the window
        // exactly, the partial 600-byte segment included, because Nagle holds nothing while nothing is in flight
        // (Linux 6.18 under packetdrill sends this write as one 2048-byte GSO packet).
        Assert.Equal(3000, core.Send(Payload(3000), T0 + 8000, output));
        Assert.Equal([1448, 600], output.Sent.Select(s => s.Payload.Length));
        Assert.Equal([TcpFlags.Ack, TcpFlags.Ack | TcpFlags.Psh], output.Sent.Select(s => s.Segment.Flags));

        output.Clear();
        core.OnSegment(FromClient(TcpFlags.Ack, 11, 2049, window: 502), default, T0 + 60_000, output);
        Assert.Equal([952], output.Sent.Select(s => s.Payload.Length));
        Assert.Equal(new SeqNum(ServerIsn + 2049), output.Sent[0].Segment.Seq);
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, output.Sent[0].Segment.Flags);
    }

    [Fact]
    public void Nagle_holds_a_second_small_write_until_the_first_is_acked()
    {
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);

        core.Send(Payload(10), T0 + 4000, output);
        core.Send(Payload(10), T0 + 8000, output);

        Assert.Single(output.Sent);
        output.Clear();
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 11), default, T0 + 50_000, output);
        var second = output.Single();
        Assert.Equal(new SeqNum(ServerIsn + 11), second.Seq);
        Assert.Equal(10, output.Sent[0].Payload.Length);
    }

    [Fact]
    public void Send_refuses_before_the_handshake_completes()
    {
        var output = new RecordingOutput();
        var core = TcpConnectionCore.Connect(ActiveTuple, Settings(new MibCounters()), T0, output);
        output.Clear();

        Assert.Equal(0, core.Send(Payload(10), T0, output));
        Assert.Empty(output.Sent);
    }
}
