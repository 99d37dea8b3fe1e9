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
    public void Skbs_fill_the_unsent_tail_first_and_forced_push_marks_the_full_skb_past_half_the_max_window()
    {
        var skbs = new UnsentSkbs();
        var sndNxt = new SeqNum(1000);
        var pushed = sndNxt;

        // A 2,500-byte write with a 1,000-byte size goal: skbs end at 2000, 3000, 3500; half the max window is 1,500,
        // so forced_push fires at the first full skb ending more than 1,500 past pushed_seq (3000), not at the last.
        skbs.Append(sndNxt, sndNxt, 2500, sizeGoal: 1000, halfMaxWindow: 1500, ref pushed);
        Assert.Equal(3, skbs.Count);
        Assert.Equal(new SeqNum(3000), pushed);
        skbs.MarkTailPush();

        Assert.Equal(new SeqNum(2000), skbs.HeadEnd);
        Assert.False(skbs.HeadPush);
        skbs.Consume(new SeqNum(2000));
        Assert.Equal(new SeqNum(3000), skbs.HeadEnd);
        Assert.True(skbs.HeadPush);

        // The next write tops up the 500-byte tail (losing its PSH: tcp_sendmsg clears it) before a new skb starts.
        skbs.Append(new SeqNum(2000), new SeqNum(3500), 700, sizeGoal: 1000, halfMaxWindow: 1500, ref pushed);
        skbs.Consume(new SeqNum(3000));
        Assert.Equal(new SeqNum(4000), skbs.HeadEnd);
        Assert.False(skbs.HeadPush);
        Assert.False(skbs.HeadIsTail);
        skbs.Consume(new SeqNum(4000));
        Assert.Equal(new SeqNum(4200), skbs.HeadEnd);
        Assert.True(skbs.HeadIsTail);

        // Partly sent (tso_fragment): the rest is still the tail skb and is topped up from snd_nxt.
        skbs.Append(new SeqNum(4100), new SeqNum(4200), 2000, sizeGoal: 1000, halfMaxWindow: 1_000_000, ref pushed);
        Assert.Equal(new SeqNum(5100), skbs.HeadEnd);
        Assert.Equal(3, skbs.Count);
    }
}
