using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>
/// Linux hands its device GSO packets of up to tcp_tso_segs segments (tcp_tso_autosize: about 1 ms of the pacing
/// rate, at least tcp_min_tso_segs, more on short paths), never more than half of cwnd (tcp_cwnd_test) and never
/// across an skb (whose size goal is bounded by half the peer's largest window); __tcp_transmit_skb puts PSH on
/// every packet of more than one segment. These tests pin the resulting PSH bits on the wire.
/// </summary>
public sealed class GsoPacketTests
{
    private static TcpConnectionCore Child(RecordingOutput output, long synMicros, long ackMicros, ushort ackWindow = 502)
    {
        var mib = new MibCounters();
        var ack = FromClient(TcpFlags.Ack, 1, 1, window: ackWindow);
        var core = TcpConnectionCore.FromRequest(Request(synMicros), Listener(mib), ack, ackMicros);
        core.OnSegment(ack, default, ackMicros, output);
        output.Clear();
        return core;
    }

    private static TcpFlags[] Flags(RecordingOutput output) => output.Sent.Select(s => s.Segment.Flags).ToArray();

    [Fact]
    public void With_a_100_ms_handshake_rtt_the_initial_window_leaves_in_packets_of_two_each_ending_in_psh()
    {
        // 100 ms RTT, IW10, MSS 1448: pacing rate 2 × 10 × 1448 B / 100 ms = 289,600 B/s, about 283 B per ms, so
        // tcp_tso_autosize falls back to tcp_min_tso_segs = 2 (what packetdrill sees from Linux as 2-MSS packets).
        var output = new RecordingOutput();
        var core = Child(output, synMicros: 0, ackMicros: 100_000);
        Assert.Equal(289_600ul, core.PacingRate);

        Assert.Equal(20_000, core.Send(ConnectionTestBed.Payload(20_000), 104_000, output));

        Assert.Equal(10, output.Sent.Count);
        Assert.All(output.Sent, s => Assert.Equal(1448, s.Payload.Length));
        for (var i = 0; i < 10; i++)
            Assert.Equal(i % 2 == 1 ? TcpFlags.Ack | TcpFlags.Psh : TcpFlags.Ack, output.Sent[i].Segment.Flags);
    }

    [Fact]
    public void On_a_50_microsecond_path_a_packet_is_half_the_congestion_window_and_only_its_last_segment_has_psh()
    {
        // min_rtt 50 µs >> tcp_tso_rtt_log 9 = 0: tcp_tso_autosize adds the whole gso_max_size, so 45 segments would
        // fit; tcp_cwnd_test allows at most half of cwnd (5) per packet.
        var output = new RecordingOutput();
        var core = Child(output, synMicros: 1_000_000, ackMicros: 1_000_050);

        core.Send(ConnectionTestBed.Payload(20_000), 1_004_000, output);

        Assert.Equal(10, output.Sent.Count);
        TcpFlags[] expected = [.. Enumerable.Range(0, 10).Select(i => i is 4 or 9 ? TcpFlags.Ack | TcpFlags.Psh : TcpFlags.Ack)];
        Assert.Equal(expected, Flags(output));
    }

    [Fact]
    public void A_peer_window_of_2048_bytes_keeps_skbs_to_one_segment_and_psh_comes_from_forced_push_only()
    {
        // max_window 2048 (16 << 7): tcp_sync_mss bounds the MSS to half of it (1024) and tcp_xmit_size_goal the skb
        // to one such MSS, so every packet is a single segment and gets no GSO PSH. forced_push marks the second
        // skb: its end is more than max_window / 2 past pushed_seq.
        var output = new RecordingOutput();
        var core = Child(output, synMicros: 0, ackMicros: 100_000, ackWindow: 16);
        Assert.Equal(1024, core.Mss);

        core.Send(ConnectionTestBed.Payload(3000), 104_000, output);

        Assert.Equal([1024, 1024], output.Sent.Select(s => s.Payload.Length));
        Assert.Equal([TcpFlags.Ack, TcpFlags.Ack | TcpFlags.Psh], Flags(output));
    }

    [Fact]
    public void A_write_after_more_than_an_rto_of_idleness_restarts_the_congestion_window()
    {
        // tcp_slow_start_after_idle_check from tcp_skb_entail: nothing in flight and the last data sent longer than
        // an RTO ago, so tcp_cwnd_restart halves cwnd once per idle RTO, down to the initial window.
        var output = new RecordingOutput();
        var core = Child(output, synMicros: 0, ackMicros: 100_000);
        core.Send(ConnectionTestBed.Payload(14_480), 104_000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1 + 14_480), default, 204_000, output);
        Assert.Equal(20, core.SndCwnd);
        Assert.Equal(0, core.PacketsOut);
        output.Clear();

        core.Send(ConnectionTestBed.Payload(40_000), 2_204_000, output);

        Assert.Equal(10, core.SndCwnd);
        Assert.Equal(10, output.Sent.Count);
        // tcp_current_ssthresh: max(ssthresh, 3/4 of the old cwnd), so an untouched ssthresh stays infinite.
        Assert.Equal(CongestionWindow.InfiniteSsthresh, core.SndSsthresh);
    }

    [Fact]
    public void The_copy_loop_tops_up_the_unsent_tail_skb_before_it_starts_a_new_one()
    {
        var skbs = new UnsentSkbs();
        var sndNxt = new SeqNum(1000);

        // 2,500 bytes with a 1,000-byte size goal: three turns, skbs ending at 2000, 3000, 3500.
        Assert.Equal(1000, skbs.AppendOnce(sndNxt, new SeqNum(1000), 2500, 1000, firstCopy: true, out var full, out var entailed));
        Assert.True(full && entailed);
        Assert.Equal(1000, skbs.AppendOnce(sndNxt, new SeqNum(2000), 1500, 1000, firstCopy: false, out full, out entailed));
        Assert.Equal(500, skbs.AppendOnce(sndNxt, new SeqNum(3000), 500, 1000, firstCopy: false, out full, out entailed));
        Assert.False(full);
        Assert.True(entailed);
        skbs.MarkTailPush();
        Assert.Equal(3, skbs.Count);
        Assert.Equal(new SeqNum(2000), skbs.HeadEnd);
        Assert.False(skbs.HeadPush);

        // The next write tops up the 500-byte tail (losing its PSH: tcp_sendmsg clears it on the first copy).
        skbs.Consume(new SeqNum(3000));
        Assert.True(skbs.HeadIsTail);
        Assert.True(skbs.HeadPush);
        Assert.Equal(500, skbs.AppendOnce(new SeqNum(3000), new SeqNum(3500), 700, 1000, firstCopy: true, out full, out entailed));
        Assert.True(full);
        Assert.False(entailed);
        Assert.False(skbs.HeadPush);
        Assert.Equal(new SeqNum(4000), skbs.HeadEnd);

        // Partly sent (tso_fragment after tcp_push_one): the rest is still the tail and the copy tops it up from
        // snd_nxt, so the skb ends a full size goal after snd_nxt.
        Assert.Equal(100, skbs.AppendOnce(new SeqNum(3100), new SeqNum(4000), 200, 1000, firstCopy: false, out full, out entailed));
        Assert.Equal(new SeqNum(4100), skbs.HeadEnd);
        Assert.True(full);
    }

    [Fact]
    public void A_msg_eor_write_ends_its_skb_so_the_next_write_starts_a_new_one_and_never_shares_a_segment()
    {
        var skbs = new UnsentSkbs();
        var sndNxt = new SeqNum(1000);
        skbs.AppendOnce(sndNxt, sndNxt, 400, 4000, firstCopy: true, out _, out _);
        skbs.MarkTailEor();

        Assert.Equal(300, skbs.AppendOnce(sndNxt, new SeqNum(1400), 300, 4000, firstCopy: true, out _, out var entailed));
        Assert.True(entailed);
        Assert.Equal(2, skbs.Count);
        Assert.Equal(new SeqNum(1400), skbs.HeadEnd);

        // With the peer's MSS 1448, a corked 400-byte record and the 300 bytes after it leave as 400 + 300, not 700.
        var output = new RecordingOutput();
        var core = Child(output, synMicros: 0, ackMicros: 100_000);
        core.SetOptions(SocketOptions.Default with { Cork = true }, 100_000, output);
        core.Send(ConnectionTestBed.Payload(400), 104_000, output, eor: true);
        Assert.Empty(output.Sent);
        // The record is no longer the queue's tail once the next write starts a new skb, and only the tail waits
        // for the cork (tcp_nagle_test with TCP_NAGLE_PUSH for the others).
        core.Send(ConnectionTestBed.Payload(300), 104_000, output);
        Assert.Equal([400], output.Sent.Select(s => s.Payload.Length));
        // Pulling the cork leaves the 300 to Nagle (a small segment is out); the ACK of the record releases it.
        core.SetOptions(SocketOptions.Default, 105_000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 401), default, 204_000, output);
        Assert.Equal([400, 300], output.Sent.Select(s => s.Payload.Length));
        Assert.All(output.Sent, s => Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, s.Segment.Flags));
    }

    [Fact]
    public void Lost_segments_are_retransmitted_in_their_original_gso_packets_each_ending_in_psh()
    {
        // Ten segments left as five 2-segment packets (100 ms RTT, tcp_min_tso_segs). The peer SACKs the last six:
        // the first four are lost, and tcp_xmit_retransmit_queue resends each lost skb whole (cwnd allowing), so
        // 1-2 and 3-4 go as two packets whose second segments carry __tcp_transmit_skb's PSH (as in the upstream
        // sack-route-refresh-ip-tos script, which Linux 6.18 passes).
        var output = new RecordingOutput();
        var core = Child(output, synMicros: 0, ackMicros: 100_000);
        core.Send(ConnectionTestBed.Payload(20_000), 104_000, output);
        output.Clear();

        // One ACK SACKs all six: PRR then lets several segments go at once (tcp_cwnd_reduction's sndcnt).
        var block = new TcpSackBlock(new SeqNum(ServerIsn + 1 + 4 * 1448), new SeqNum(ServerIsn + 1 + 10 * 1448));
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1, sack: block), default, 200_000, output);

        var retransmitted = output.Sent.Where(s => s.Segment.Seq < new SeqNum(ServerIsn + 1 + 4 * 1448)).ToList();
        Assert.Equal([1u, 1449u, 2897u, 4345u], retransmitted.Select(s => s.Segment.Seq - new SeqNum(ServerIsn)).Select(d => (uint)d));
        Assert.Equal([TcpFlags.Ack, TcpFlags.Ack | TcpFlags.Psh, TcpFlags.Ack, TcpFlags.Ack | TcpFlags.Psh],
            retransmitted.Select(s => s.Segment.Flags));
    }
}
