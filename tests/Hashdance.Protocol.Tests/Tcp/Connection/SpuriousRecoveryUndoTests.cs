using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>
/// Undo of spurious loss recovery as net/ipv4/tcp_input.c does it: F-RTO (tcp_frto = 2, tcp_process_loss) proving a
/// timeout spurious, D-SACKs for every retransmission (tcp_try_undo_dsack), an echoed timestamp older than the first
/// retransmission (tcp_try_undo_recovery / tcp_packet_delayed), and RACK's reordering window grown by a D-SACK once
/// reordering has been seen (tcp_check_sack_reordering, tcp_rack_update_reo_wnd). Exact packets in virtual time.
/// </summary>
public class SpuriousRecoveryUndoTests
{
    private const long T0 = 100_000;
    private const int Mss = 1448;
    private const int Infinite = CongestionWindow.InfiniteSsthresh;

    /// <summary>tcp_early_retrans = 0: no tail loss probe, so the RTO and SACK recovery act alone.</summary>
    private static readonly Hashdance.Protocol.Config.TcpSysctls NoTlp = Hashdance.Protocol.Config.TcpSysctls.Default with { TcpEarlyRetrans = 0 };

    private static TcpConnectionCore Child(MibCounters mib, RecordingOutput output)
    {
        var listener = Listener(mib, NoTlp);
        var ack = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(), listener, ack, T0);
        core.OnSegment(ack, default, T0, output);
        output.Clear();
        return core;
    }

    private static SeqNum SegmentStart(int segment) => new(ServerIsn + 1 + (uint)(segment * Mss));


    private static void Ack(TcpConnectionCore core, RecordingOutput output, int segmentsAcked, long now, TcpSackBlock? sack = null, uint tsEcr = 0) =>
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1 + (uint)(segmentsAcked * Mss), tsEcr: tsEcr, sack: sack), default, now, output);

    /// <summary>
    /// Ten segments go at T0; segments 1-3 arrive before segment 0 (delayed, not lost), so three SACKs start Recovery
    /// and segment 0 is retransmitted. Returns segment 0's original TSval.
    /// </summary>
    private static uint TenSentThreeSackedIntoRecovery(TcpConnectionCore core, RecordingOutput output)
    {
        core.Send(Payload(10 * Mss), T0, output);
        var originalTsVal = output.Sent[0].Segment.Options.Timestamps!.Value.Value;
        output.Clear();
        Ack(core, output, 0, T0 + 100_000, SegmentBlock(1, 1));
        Ack(core, output, 0, T0 + 100_100, SegmentBlock(1, 2));
        Ack(core, output, 0, T0 + 100_200, SegmentBlock(1, 3));
        Assert.Equal(CongestionState.Recovery, core.CongestionState);
        Assert.Equal(SegmentStart(0), output.Single().Seq);
        Assert.Equal(7, core.SndSsthresh);
        Assert.Equal(7, core.SndCwnd);
        output.Clear();
        return originalTsVal;
    }

    [Fact]
    public void A_spurious_timeout_is_detected_by_frto_and_undone()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(20 * Mss), T0, output);
        Assert.Equal(10, output.Sent.Count);
        output.Clear();

        // Nothing is heard for the RTO (300 ms after the SYN-ACK's 100 ms sample): every segment is marked lost,
        // the head goes again with cwnd 1, and F-RTO starts.
        core.OnTimer(TcpTimer.Retransmit, T0 + 300_000, output);
        Assert.Equal(SegmentStart(0), output.Single().Seq);
        Assert.Equal(CongestionState.Loss, core.CongestionState);
        Assert.Equal(10, core.LostOut);
        Assert.Equal(1, core.SndCwnd);
        Assert.Equal(7, core.SndSsthresh);
        Assert.True(core.FrtoActive);
        Assert.Equal(Infinite, core.PriorSsthresh);
        output.Clear();

        // The head's ACK is ambiguous (original or retransmission?). F-RTO step 2.b: new data, not retransmissions;
        // slow start has made cwnd 2, so segments 10 and 11 go.
        Ack(core, output, 1, T0 + 310_000);
        Assert.Equal([SegmentStart(10), SegmentStart(11)], output.Sent.Select(s => s.Segment.Seq));
        Assert.Equal(CongestionState.Loss, core.CongestionState);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPSlowStartRetrans]);
        output.Clear();

        // Segment 1, never retransmitted, is acknowledged: the timeout was spurious (step 3.b). The losses are
        // unmarked and cwnd / ssthresh come back (CUBIC's undo_cwnd: max(cwnd, prior_cwnd 10)).
        Ack(core, output, 2, T0 + 320_000);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(0, core.LostOut);
        Assert.Equal(Infinite, core.SndSsthresh);
        Assert.Null(core.UndoMarker);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPSpuriousRTOs]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPLossUndo]);
        Assert.Equal(1, mib[MibCounter.TcpRetransSegs]);
        // Slow start again from the restored 10: 11, with 10 in flight (segments 2-11), so segment 12 goes.
        Assert.Equal(11, core.SndCwnd);
        Assert.Equal([SegmentStart(12)], output.Sent.Select(s => s.Segment.Seq));
    }

    [Fact]
    public void A_fast_retransmit_dsacked_as_spurious_is_undone_with_cwnd_restored()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        TenSentThreeSackedIntoRecovery(core, output);
        Assert.Equal(new SeqNum(ServerIsn + 1), core.UndoMarker);
        Assert.Equal(1, core.UndoRetrans);

        // The delayed original arrives: the cumulative ACK covers segments 0-3, still in Recovery (high_seq is
        // segment 10's start) and nothing to undo yet (the retransmission may still be in flight).
        Ack(core, output, 4, T0 + 100_300);
        Assert.Equal(CongestionState.Recovery, core.CongestionState);
        Assert.Equal(1, core.UndoRetrans);
        output.Clear();

        // The receiver reports the retransmission as a duplicate (D-SACK below the ACK): every retransmission of the
        // episode was unnecessary, so the reduction is undone.
        Ack(core, output, 4, T0 + 100_400, SegmentBlock(0, 1));
        Assert.Equal(1, mib[MibCounter.TcpExtTCPDSACKRecv]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPDSACKUndo]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPFullUndo]);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(10, core.SndCwnd);
        Assert.Equal(Infinite, core.SndSsthresh);
        Assert.Null(core.UndoMarker);
    }

    [Fact]
    public void An_echoed_timestamp_from_before_the_retransmission_undoes_the_recovery_at_its_end()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        var originalTsVal = TenSentThreeSackedIntoRecovery(core, output);

        // Everything is acknowledged by an ACK echoing the original transmission's TSval (Eifel, RFC 3522): the
        // original was delivered, so the recovery was spurious (TCPFullUndo).
        Ack(core, output, 10, T0 + 200_000, tsEcr: originalTsVal);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPFullUndo]);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(Infinite, core.SndSsthresh);
        // Undo restores 10; the same ACK's 7 delivered segments then grow it in slow start (tcp_cong_control).
        Assert.Equal(17, core.SndCwnd);
    }

    [Fact]
    public void A_partial_ack_echoing_the_original_timestamp_is_undone_as_reordering()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        var originalTsVal = TenSentThreeSackedIntoRecovery(core, output);

        // A partial ACK (segments 0-3, below high_seq) that echoes segment 0's original TSval: the hole was filled
        // by the delayed original, which is reordering (TCPTSReorder, 4 segments beyond tp->reordering 3), and with
        // no retransmission left out the reduction is undone (TCPPartialUndo) and the state opens again.
        Ack(core, output, 4, T0 + 100_300, tsEcr: originalTsVal);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPTSReorder]);
        Assert.Equal(1, core.ReorderingSeen);
        Assert.Equal(4, core.Reordering);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPPartialUndo]);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(Infinite, core.SndSsthresh);
        Assert.Null(core.UndoMarker);
    }

    [Fact]
    public void Reordering_seen_then_a_dsack_widens_racks_reordering_window_by_one_step()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        core.Send(Payload(10 * Mss), T0, output);
        output.Clear();
        Assert.Equal(0, core.ReorderingSeen);

        // Segment 3 is SACKed, then segments 1-2, which were never retransmitted: they arrived after a segment sent
        // later, which is reordering (tcp_check_sack_reordering: 3 segments, not above tp->reordering 3).
        Ack(core, output, 0, T0 + 100_000, SegmentBlock(3, 1));
        Ack(core, output, 0, T0 + 100_000, SegmentBlock(1, 3));
        Assert.Equal(1, core.ReorderingSeen);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPSACKReorder]);
        Assert.Equal(3, core.Reordering);
        // With reordering seen, RACK keeps its window (min_rtt / 4 = 25 ms) even at three SACKed segments, so
        // segment 0 is not yet lost: the reordering timer waits for it.
        Assert.Equal(25_000, core.RackReoWindowMicros);
        Assert.Equal(0, core.LostOut);
        Assert.True(output.Timers.ContainsKey(TcpTimer.ReorderTimeout));
        var reoDeadline = output.Timers[TcpTimer.ReorderTimeout];
        output.Clear();

        // The window passes: segment 0 is lost, Recovery, and it goes again.
        core.OnTimer(TcpTimer.ReorderTimeout, reoDeadline, output);
        Assert.Equal(CongestionState.Recovery, core.CongestionState);
        Assert.Equal(SegmentStart(0), output.Single().Seq);
        output.Clear();

        // The original arrives after all: everything is acknowledged, Recovery ends; more data goes out.
        Ack(core, output, 10, reoDeadline + 10_000);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        core.Send(Payload(4 * Mss), reoDeadline + 10_000, output);
        Assert.Equal(4, output.Sent.Count);
        Assert.Equal(1, core.RackReoWindowSteps);
        output.Clear();

        // The retransmission is reported as a duplicate together with the ACK of new data: RACK widens its window
        // by one step (2 × min_rtt / 4), to last 16 recoveries.
        Ack(core, output, 12, reoDeadline + 110_000, SegmentBlock(0, 1));
        Assert.Equal(1, mib[MibCounter.TcpExtTCPDSACKRecv]);
        Assert.Equal(2, core.RackReoWindowSteps);
        Assert.Equal(50_000, core.RackReoWindowMicros);
    }
}
