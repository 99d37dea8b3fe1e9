using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>Spec §15 scenarios decided by the listener (tcp_rcv_state_process in LISTEN, tcp_conn_request).</summary>
public class ListenerScenarioTests
{
    [Fact]
    public void S2_syn_without_options_gets_mss_only_and_an_mss_rounded_window()
    {
        var bed = new ListenTestBed();
        var core = bed.Open(Syn(options: new TcpOptionSet()));
        var synAck = bed.Out.Single();
        Assert.Equal(Bytes("020405b4"), OptionBytes(synAck));
        Assert.Equal(64240, synAck.Window); // 44 × 1460
        Assert.Equal(536, core.State.Mss);
        Assert.False(core.State.TimestampOk || core.State.SackOk || core.State.WindowScaleOk);
        Assert.Equal(0, core.State.RcvWscale);
        Assert.Equal(0u, core.State.TsOffset);
    }

    [Fact]
    public void S2_a_larger_tcp_rmem_default_gives_65535()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpRmem = new TcpBufferSizes(4096, 540_000, 33_554_432) });
        bed.Open(Syn(options: new TcpOptionSet()));
        Assert.Equal(65535, bed.Out.Single().Window);
    }

    [Theory]
    [InlineData(TcpFlags.Syn | TcpFlags.Ack, 0)]
    [InlineData(TcpFlags.Fin | TcpFlags.Ack, 0)]
    [InlineData(TcpFlags.Psh | TcpFlags.Ack, 100)]
    [InlineData(TcpFlags.Ack, 0)]
    public void S9_any_ack_without_a_request_is_reset_with_seq_seg_ack(TcpFlags flags, int payload)
    {
        var bed = new ListenTestBed();
        var segment = Seg.Make(flags, 5000, 0xABCD_0001, payloadLength: payload, tuple: Client(40000), tos: 0x0B);
        Assert.Equal(ListenerVerdict.ResetSent, bed.Listener.OnSegment(segment, default, T0, bed.Out, out var request));
        Assert.Null(request);
        var rst = bed.Out.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(0xABCD_0001u, rst.Seq.Value);
        Assert.Equal(0u, rst.Ack.Value);
        Assert.Equal(0, rst.Window);
        Assert.Empty(OptionBytes(rst));
        Assert.True(rst.DontFragment);
        Assert.Equal(0, rst.IpId);
        Assert.Equal(0, bed.Context.Queue.Length);
    }

    [Theory]
    [InlineData(TcpFlags.Fin)]
    [InlineData(TcpFlags.Rst)]
    [InlineData(TcpFlags.Rst | TcpFlags.Ack)]
    [InlineData(TcpFlags.None)]
    [InlineData(TcpFlags.Psh | TcpFlags.Urg)]
    [InlineData(TcpFlags.Syn | TcpFlags.Fin)]
    public void S9_other_segments_are_ignored(TcpFlags flags)
    {
        var bed = new ListenTestBed();
        var segment = Seg.Make(flags, 5000, 77, tuple: Client(40000));
        Assert.Equal(ListenerVerdict.Ignored, bed.Listener.OnSegment(segment, default, T0, bed.Out, out var request));
        Assert.Null(request);
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(0, bed.Context.Queue.Length);
        Assert.Equal(0, bed[MibCounter.TcpExtListenDrops]);
    }

    [Fact]
    public void S10_a_closed_listener_answers_like_a_closed_port()
    {
        var bed = new ListenTestBed();
        bed.Listener.Close();
        Assert.False(bed.Context.Listening);

        Assert.Equal(ListenerVerdict.ResetSent, bed.Listener.OnSegment(Syn(), default, T0, bed.Out, out _));
        var rst = bed.Out.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(0u, rst.Seq.Value);
        Assert.Equal(ClientIsn + 1, rst.Ack.Value);
        Assert.Equal(0, rst.Window);
        bed.Out.Clear();

        bed.Listener.OnSegment(Syn(payload: 10), default, T0, bed.Out, out _);
        Assert.Equal(ClientIsn + 11, bed.Out.Single().Ack.Value);
        bed.Out.Clear();

        bed.Listener.OnSegment(Ack(ClientIsn + 1, 4242), default, T0, bed.Out, out _);
        Assert.Equal(4242u, bed.Out.Single().Seq.Value);
        bed.Out.Clear();

        Assert.Equal(ListenerVerdict.Ignored,
            bed.Listener.OnSegment(Seg.Make(TcpFlags.Rst, 1, tuple: Client(40000)), default, T0, bed.Out, out _));
        Assert.Empty(bed.Out.Sent);
        Assert.False(bed.Listener.TryQueueChild());
    }

    [Fact]
    public void S11_accept_queue_full_drops_new_syns_and_refused_acks_wait_for_room()
    {
        var bed = new ListenTestBed(backlog: 1);
        var core = bed.Open(Syn());
        var s = bed.ExpectedIsn();
        Assert.True(bed.Listener.TryQueueChild()); // listen(fd, 1) holds two children
        Assert.True(bed.Listener.TryQueueChild());
        Assert.Equal(2, bed.Context.Queue.AckBacklog);
        bed.Out.Clear();

        bed.AssertDropped(Syn(port: 40001));
        Assert.Equal(1, bed[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(1, bed[MibCounter.TcpExtListenDrops]);
        Assert.Equal(1, bed.Context.Queue.Length);

        var ack = Ack(ClientIsn + 1, s + 1, ClientTsVal, bed.TsVal(T0));
        Assert.Equal(CheckReqVerdict.ChildWanted, core.OnSegment(ack, T0 + 10 * Milli, bed.Out));
        Assert.False(bed.Listener.TryQueueChild());
        Assert.Equal(CheckReqVerdict.Consumed, core.OnChildRefused(ack, T0 + 10 * Milli, bed.Out));
        Assert.Empty(bed.Out.Sent);
        Assert.True(core.State.Acked);
        Assert.Equal(2, bed[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(2, bed[MibCounter.TcpExtListenDrops]);

        // The SYN-ACK keeps being retransmitted, each re-eliciting the ACK.
        Assert.Equal(RequestTimerVerdict.Rearmed, core.OnTimer(T0 + Second, bed.Out));
        Assert.Equal(s, bed.Out.Single().Seq.Value);
        Assert.Equal(T0 + 3 * Second, bed.Out.Timers[TcpTimer.SynAck]);

        bed.Context.Queue.ChildDequeued(); // accept()
        var again = Ack(ClientIsn + 1, s + 1, ClientTsVal, bed.TsVal(T0 + Second));
        Assert.Equal(CheckReqVerdict.ChildWanted, core.OnSegment(again, T0 + 1100 * Milli, bed.Out));
        Assert.True(bed.Listener.TryQueueChild());
        core.OnHandedToChild(bed.Out);
        Assert.Equal(0, bed.Context.Queue.Length);
        Assert.Equal(2, bed.Context.Queue.AckBacklog);
        Assert.Equal(3, bed[MibCounter.TcpPassiveOpens]);
    }

    [Fact]
    public void S11_abort_on_overflow_resets_with_seq_seg_ack_and_removes_the_request()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpAbortOnOverflow = 1 }, backlog: 0);
        var core = bed.Open(Syn());
        var s = bed.ExpectedIsn();
        Assert.True(bed.Listener.TryQueueChild()); // backlog 0 admits one child
        bed.Out.Clear();

        var ack = Ack(ClientIsn + 1, s + 1, ClientTsVal, bed.TsVal(T0));
        Assert.Equal(CheckReqVerdict.ChildWanted, core.OnSegment(ack, T0 + 10 * Milli, bed.Out));
        Assert.False(bed.Listener.TryQueueChild());
        Assert.Equal(CheckReqVerdict.Removed, core.OnChildRefused(ack, T0 + 10 * Milli, bed.Out));
        var rst = bed.Out.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(s + 1, rst.Seq.Value);
        Assert.Equal(1, bed[MibCounter.TcpExtEmbryonicRsts]);
        Assert.Equal(0, bed[MibCounter.TcpAttemptFails]);
        Assert.Equal(1, bed[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(0, bed.Context.Queue.Length);
        Assert.Equal(ClientTsVal, core.State.TsRecent); // a refused child does not move the request's ts_recent
    }

    [Fact]
    public void S13_syn_queue_full_without_cookies_drops_and_warns_once()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSyncookies = 0 }, backlog: 1);
        var warnings = new List<string>();
        bed.Listener.SynFloodWarning += warnings.Add;
        bed.Open(Syn(port: 40000));
        bed.Open(Syn(port: 40001));
        bed.Out.Clear();

        bed.AssertDropped(Syn(port: 40002));
        bed.AssertDropped(Syn(port: 40003));
        Assert.Equal(2, bed[MibCounter.TcpExtTCPReqQFullDrop]);
        Assert.Equal(2, bed[MibCounter.TcpExtListenDrops]);
        Assert.Equal(0, bed[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(0, bed[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(["TCP: Possible SYN flooding on port 192.168.0.1:8080. Dropping request."], warnings);
        Assert.True(bed.Listener.SynFloodWarned);
    }

    [Fact]
    public void S14_last_quarter_of_tcp_max_syn_backlog_is_kept_for_proven_peers_when_cookies_are_off()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSyncookies = 0, TcpMaxSynBacklog = 8 }, backlog: 100);
        for (ushort i = 0; i < 7; i++)
            bed.Open(Syn(port: (ushort)(40000 + i)));
        Assert.Equal(7, bed.Context.Queue.Length);
        bed.Out.Clear();

        bed.AssertDropped(Syn(port: 41000));
        Assert.Equal(1, bed[MibCounter.TcpExtListenDrops]);
        Assert.Equal(0, bed[MibCounter.TcpExtTCPReqQFullDrop]);

        // With cookies enabled the rule does not apply.
        var cookies = new ListenTestBed(TcpSysctls.Default with { TcpMaxSynBacklog = 8 }, backlog: 100);
        for (ushort i = 0; i < 8; i++)
            cookies.Open(Syn(port: (ushort)(40000 + i)));
        Assert.Equal(8, cookies.Context.Queue.Length);
    }

    [Theory]
    [InlineData(0, TcpFlags.Ece | TcpFlags.Cwr, 2, TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece)]
    [InlineData(2, TcpFlags.Ece | TcpFlags.Cwr, 2, TcpFlags.Syn | TcpFlags.Ack)] // ECT(0) on a SYN: tampered
    [InlineData(0, TcpFlags.Ece, 2, TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData(0, TcpFlags.Ece | TcpFlags.Cwr, 0, TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData(0, TcpFlags.Ece | TcpFlags.Cwr, 1, TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece)]
    public void S15_ecn_is_accepted_for_ece_cwr_on_a_not_ect_syn(byte tos, TcpFlags ecnFlags, int tcpEcn, TcpFlags expected)
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpEcn = tcpEcn });
        var core = bed.Open(Syn(extra: ecnFlags, tos: tos));
        var synAck = bed.Out.Single();
        Assert.Equal(expected, synAck.Flags);
        Assert.Equal(0, synAck.Tos & 3);
        Assert.Equal((expected & TcpFlags.Ece) != 0, core.State.EcnOk);
    }

    [Fact]
    public void S19_syn_from_time_wait_uses_the_handed_over_isn_and_bypasses_the_syn_queue_checks()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSyncookies = 2 }, backlog: 0);
        // Mode 2 answers every ordinary SYN with a cookie...
        Assert.Equal(ListenerVerdict.CookieSynAckSent, bed.Listener.OnSegment(Syn(port: 40001), default, T0, bed.Out, out _));
        Assert.Equal(0, bed.Context.Queue.Length);
        bed.Out.Clear();

        // ...but a SYN that recycles a TIME_WAIT entry is a normal request, even with backlog 0 and qlen 1 after it.
        const uint recycled = 0x5555_0000 + 65537;
        Assert.Equal(ListenerVerdict.RequestCreated,
            bed.Listener.OnSynFromTimeWait(Syn(), recycled, default, T0, bed.Out, out var request));
        Assert.Equal(recycled, request!.SntIsn.Value);
        Assert.False(request.IsCookie);
        Assert.Equal(bed.TsOffset, request.TsOffset);
        var core = new RequestSockCore(request, bed.Context);
        core.OnHashed(T0, bed.Out);
        Assert.Equal(recycled, bed.Out.Single().Seq.Value);
        Assert.True(bed.Context.Queue.RequestQueueFull);
        Assert.Equal(ListenerVerdict.RequestCreated,
            bed.Listener.OnSynFromTimeWait(Syn(port: 40002), recycled + 7, default, T0, bed.Out, out _));
        Assert.Equal(2, bed.Context.Queue.Length);
        Assert.Equal(1, bed[MibCounter.TcpExtTCPReqQFullDoCookies]); // only the first, cookie, SYN
        Assert.Throws<ArgumentOutOfRangeException>(() => bed.Listener.OnSynFromTimeWait(Syn(), 0, default, T0, bed.Out, out _));
    }

    [Fact]
    public void S19_syn_from_time_wait_still_respects_a_full_accept_queue()
    {
        var bed = new ListenTestBed(backlog: 0);
        Assert.True(bed.Listener.TryQueueChild());
        Assert.Equal(ListenerVerdict.Dropped, bed.Listener.OnSynFromTimeWait(Syn(), 99, default, T0, bed.Out, out _));
        Assert.Equal(1, bed[MibCounter.TcpExtListenOverflows]);
    }

    [Fact]
    public void S20_mss_clamp_and_window_scale_clamp()
    {
        var bed = new ListenTestBed(options: new SocketOptions { MaxSegment = 1000 });
        var syn = Syn(options: new TcpOptionSet { Mss = 9000, WindowScale = 20, Timestamps = new TcpTimestamps(ClientTsVal, 0) });
        var core = bed.Open(syn);
        var synAck = bed.Out.Single();
        Assert.Equal(Bytes("020403e8 0101080a {val} {ecr} 0103030a", bed.TsVal(T0), ClientTsVal), OptionBytes(synAck));
        Assert.Equal(65208, synAck.Window); // 66 × (1000 − 12)
        Assert.Equal(1000, core.State.Mss);
        Assert.Equal(1000, core.State.AdvertisedMss);
        Assert.Equal(14, core.State.SndWscale);
    }

    [Fact]
    public void S21_syn_payload_is_not_acknowledged()
    {
        var bed = new ListenTestBed();
        var core = bed.Open(Syn(payload: 100));
        Assert.Equal(ClientIsn + 1, bed.Out.Single().Ack.Value);
        Assert.Equal(ClientIsn + 1, core.State.RcvNxt.Value);
    }

    [Fact]
    public void Save_syn_copies_the_headers_only_when_asked()
    {
        byte[] headers = [0x45, 0, 0, 60, 1, 2, 3, 4];
        var saving = new ListenTestBed(options: new SocketOptions { SaveSyn = 1 });
        saving.Listener.OnSegment(Syn(), headers, T0, saving.Out, out var saved);
        Assert.Equal(headers, saved!.SavedSyn);
        Assert.NotSame(headers, saved.SavedSyn);

        var plain = new ListenTestBed();
        plain.Listener.OnSegment(Syn(), headers, T0, plain.Out, out var notSaved);
        Assert.Null(notSaved!.SavedSyn);
    }

    [Fact]
    public void Receive_buffer_option_sizes_the_window()
    {
        // SO_RCVBUF 16384 → sk_rcvbuf 32768, locked → full space 16384 → 11 × 1448 = 15928, clamp 16384.
        var bed = new ListenTestBed(options: new SocketOptions { ReceiveBuffer = 16384 });
        var core = bed.Open(Syn());
        Assert.Equal(15928, bed.Out.Single().Window);
        Assert.Equal(16384u, core.State.WindowClamp);
        Assert.Equal(0, core.State.RcvWscale);
    }

    [Fact]
    public void Listen_again_updates_the_backlog()
    {
        var bed = new ListenTestBed(backlog: 1);
        bed.Listener.Listen(10_000);
        Assert.Equal(4096, bed.Context.Queue.MaxAckBacklog);
        bed.Listener.Listen(3);
        Assert.Equal(3, bed.Context.Queue.MaxAckBacklog);
    }
}
