using System.Buffers.Binary;
using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Matching;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Tests.Matching;

public sealed class PacketMatcherTests
{
    private const uint LiveIsn = 3_000_000_000;

    private static TcpPacketEvent Line(string text)
    {
        Assert.True(ScriptParser.TryParse("t.pkt", "0 " + text, out var script, out var error), error?.ToString());
        return (TcpPacketEvent)script.Events[0].Action;
    }

    private static CapturedSegment Live(TcpFlags flags, uint seq, uint ack, int length = 0, ushort window = 502, byte[]? options = null, long time = 0) =>
        new(time, Ipv4Address.Parse("192.168.0.1"), Ipv4Address.Parse("192.0.2.1"), 64, 0, 8080, 48000, seq, ack, flags, window, 0,
            options ?? [], length, true);

    private static string? Compare(TcpPacketEvent line, CapturedSegment live, ConnectionMapping mapping, long? tick = null, long tolerance = 4000, long since = 0) =>
        PacketMatcher.Compare(line, live, mapping, s => s == "COOKIE" ? "0011223344556677" : s, tick, tolerance, since);

    private static ConnectionMapping Established()
    {
        var mapping = new ConnectionMapping(48000) { LocalPort = 8080 };
        mapping.NoteInboundSyn(0);
        mapping.LearnLocalIsn(0, LiveIsn);
        return mapping;
    }

    [Fact]
    public void The_first_outbound_syn_ack_teaches_the_local_isn_and_its_ack_is_absolute()
    {
        var mapping = new ConnectionMapping(48000) { LocalPort = 8080 };
        mapping.NoteInboundSyn(999_000);
        var line = Line("> S. 1234:1234(0) ack 999001 <mss 1460>");
        Assert.Null(Compare(line, Live(TcpFlags.Syn | TcpFlags.Ack, LiveIsn, 999_001, options: [2, 4, 0x05, 0xb4]), mapping));
        Assert.Equal(LiveIsn, mapping.LiveLocalIsn);
        Assert.Equal(1234u, mapping.ScriptLocalIsn);
        // Later relative numbers are offsets from the live ISN; remote numbers from the remote ISN.
        Assert.Equal(LiveIsn + 1, mapping.LiveLocal(1, syn: false));
        Assert.Equal(999_001u, mapping.LiveRemote(1, syn: false));
        Assert.Null(Compare(Line("> . 1:1(0) ack 41"), Live(TcpFlags.Ack, LiveIsn + 1, 999_041), mapping));
    }

    [Fact]
    public void Before_any_syn_ack_numbers_are_used_as_written()
    {
        var mapping = new ConnectionMapping(48000) { LocalPort = 8080 };
        Assert.Null(Compare(Line("> R 1:1(0) ack 0 win 0"), Live(TcpFlags.Rst, 1, 0, window: 0), mapping));
        Assert.Equal(1u, mapping.LiveLocal(1, syn: false));
    }

    [Theory]
    [InlineData("> F. 1:1(0) ack 1", TcpFlags.Rst | TcpFlags.Ack, 1u, 1u, "live packet field tcp flags: expected: F. vs actual: R.")]
    [InlineData("> . 1:1(0) ack 1001", TcpFlags.Ack, 2u, 1001u, "live packet field tcp_seq: expected: 1 vs actual: 2")]
    [InlineData("> . 1:1(0) ack 1001", TcpFlags.Ack, 1u, 1000u, "live packet field tcp_ack_seq: expected: 1001 vs actual: 1000")]
    [InlineData("> . 1:1(0) ack 1 win 0", TcpFlags.Ack, 1u, 1u, "live packet field tcp_window: expected: 0 vs actual: 502")]
    [InlineData("> P. 1:101(100) ack 1", TcpFlags.Psh | TcpFlags.Ack, 1u, 1u, "live packet field payload length: expected: 100 vs actual: 0")]
    public void Each_field_is_compared_and_named(string line, TcpFlags flags, uint relSeq, uint ack, string message)
    {
        var error = Compare(Line(line), Live(flags, LiveIsn + relSeq, ack), Established());
        Assert.Equal(message, error);
    }

    [Fact]
    public void A_line_without_a_window_does_not_check_it_and_a_line_without_ack_expects_zero()
    {
        Assert.Null(Compare(Line("> . 1:1(0) ack 1"), Live(TcpFlags.Ack, LiveIsn + 1, 1, window: 12345), Established()));
        Assert.Equal("live packet field tcp_ack_seq: expected: 0 vs actual: 7",
            Compare(Line("> R 1:1(0)"), Live(TcpFlags.Rst, LiveIsn + 1, 7), Established()));
    }

    [Fact]
    public void Options_are_compared_byte_for_byte_in_script_order()
    {
        var line = Line("> S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>");
        byte[] linux = [2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 8];
        Assert.Null(Compare(line, Live(TcpFlags.Syn | TcpFlags.Ack, LiveIsn, 1, options: linux), new ConnectionMapping(1)));
        byte[] reordered = [2, 4, 0x05, 0xb4, 4, 2, 1, 1, 1, 3, 3, 8];
        var error = Compare(line, Live(TcpFlags.Syn | TcpFlags.Ack, LiveIsn, 1, options: reordered), new ConnectionMapping(1));
        Assert.Equal("live packet field tcp options: expected: <mss 1460,nop,nop,sackOK,nop,wscale 8> vs actual: <mss 1460,sackOK,nop,nop,nop,wscale 8>", error);
        Assert.Contains("expected: (none)", Compare(Line("> . 1:1(0) ack 1"), Live(TcpFlags.Ack, LiveIsn + 1, 1, options: [1, 1, 1, 1]), Established()));
        Assert.Null(Compare(Line("> . 1:1(0) ack 1 <...>"), Live(TcpFlags.Ack, LiveIsn + 1, 1, options: [1, 1, 1, 1]), Established()));
    }

    [Fact]
    public void Fast_open_options_resolve_symbols_and_use_their_kinds()
    {
        var line = Line("> S. 0:0(0) ack 1 <FO COOKIE,FOEXP COOKIE>");
        byte[] options = [34, 10, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 254, 12, 0xF9, 0x89, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77];
        Assert.Null(Compare(line, Live(TcpFlags.Syn | TcpFlags.Ack, LiveIsn, 1, options: options), new ConnectionMapping(1)));
    }

    private static byte[] Timestamp(uint val, uint ecr)
    {
        var b = new byte[] { 1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0 };
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), val);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), ecr);
        return b;
    }

    [Fact]
    public void The_first_tsval_is_rebased_later_ones_are_checked_only_with_a_tick_and_ecr_never()
    {
        var mapping = Established();
        Assert.Null(Compare(Line("> . 1:1(0) ack 1 <nop,nop,TS val 100 ecr 7>"), Live(TcpFlags.Ack, LiveIsn + 1, 1, options: Timestamp(5_000_000, 999)), mapping));
        Assert.Equal(5_000_000u - 100, mapping.TsOffset);
        Assert.Equal(7u + 5_000_000 - 100, mapping.LiveTsEcr(7));

        var oneSecondLater = Line("> F. 1:1(0) ack 1 <nop,nop,TS val 1100 ecr 200>");
        var live = Live(TcpFlags.Fin | TcpFlags.Ack, LiveIsn + 1, 1, options: Timestamp(5_000_000 + 1003, 0));
        Assert.Null(Compare(oneSecondLater, live, mapping, tick: 1000, tolerance: 4000, since: 1_000_000));
        var stale = Live(TcpFlags.Fin | TcpFlags.Ack, LiveIsn + 1, 1, options: Timestamp(5_000_000 + 10, 0));
        Assert.StartsWith("bad outbound TSval: expected 1100 but got 110", Compare(oneSecondLater, stale, mapping, tick: 1000, tolerance: 4000, since: 1_000_000));
        Assert.Null(Compare(oneSecondLater, stale, mapping, tick: null));
    }

    [Fact]
    public void Consecutive_segments_aggregate_into_one_scripted_segment_with_the_final_flags()
    {
        var line = Line("> P. 1:2001(2000) ack 1");
        var queue = new List<CapturedSegment>
        {
            Live(TcpFlags.Ack, LiveIsn + 1, 1, length: 1000),
            Live(TcpFlags.Psh | TcpFlags.Ack, LiveIsn + 1001, 1, length: 1000),
            Live(TcpFlags.Ack, LiveIsn + 2001, 1, length: 1000),
        };
        Assert.Equal(2, PacketMatcher.SegmentsToAggregate(line, queue, strict: false));
        Assert.Equal(1, PacketMatcher.SegmentsToAggregate(line, queue, strict: true));
        var aggregate = PacketMatcher.Aggregate(queue.Take(2).ToList());
        Assert.Equal((TcpFlags.Psh | TcpFlags.Ack, LiveIsn + 1, 2000), (aggregate.Flags, aggregate.Seq, aggregate.PayloadLength));
        Assert.Null(Compare(line, aggregate, Established()));
        // Without the PSH on the last piece the aggregate does not match "P.".
        var noPush = PacketMatcher.Aggregate([queue[0], queue[2] with { Seq = LiveIsn + 1001 }]);
        Assert.Contains("tcp flags: expected: P. vs actual: .", Compare(line, noPush, Established()));
        // aggregate_packets takes the last piece's header: a PSH on an earlier piece (the end of one of Linux's GSO
        // packets) does not carry over, so "> . 1:2001(2000)" matches P. + . and not . + P.
        var plain = Line("> . 1:2001(2000) ack 1");
        var earlyPush = PacketMatcher.Aggregate([queue[1] with { Seq = LiveIsn + 1 }, queue[2] with { Seq = LiveIsn + 1001 }]);
        Assert.Equal((TcpFlags.Ack, LiveIsn + 1), (earlyPush.Flags, earlyPush.Seq));
        Assert.Null(Compare(plain, earlyPush, Established()));
        Assert.Contains("tcp flags: expected: . vs actual: P.", Compare(plain, aggregate, Established()));
    }

    [Fact]
    public void Aggregation_stops_at_a_gap_in_sequence_space()
    {
        var line = Line("> P. 1:2001(2000) ack 1");
        var queue = new List<CapturedSegment>
        {
            Live(TcpFlags.Ack, LiveIsn + 1, 1, length: 1000),
            Live(TcpFlags.Psh | TcpFlags.Ack, LiveIsn + 1501, 1, length: 1000),
        };
        Assert.Equal(1, PacketMatcher.SegmentsToAggregate(line, queue, strict: false));
        // A bare ACK in front is a packet of its own, never the head of a data aggregate.
        Assert.Equal(1, PacketMatcher.SegmentsToAggregate(line, [Live(TcpFlags.Ack, LiveIsn + 1, 1), .. queue], strict: false));
    }

    [Fact]
    public void Tolerance_is_the_larger_of_the_fixed_slack_and_the_percentage_of_the_gap()
    {
        var options = new Hashdance.Packetdrill.Config.RunOptions();
        Assert.Equal(4000, options.Tolerance(10_000));
        Assert.Equal(125_000, options.Tolerance(1_000_000));
        Assert.Equal(405_000, (options with { ToleranceMicros = 405_000 }).Tolerance(1_000_000));
    }
}
