using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>
/// TCP Fast Open, server side (RFC 7413; tcp_try_fastopen, tcp_fastopen_create_child, tcp_check_req with fastopen,
/// tcp_fastopen_synack_timer, tcp_rcv_synrecv_state_fastopen). The bed uses packetdrill's runner addresses and key,
/// so the cookie is the one Linux computes: 3021b9d889017eeb.
/// </summary>
public class FastOpenScenarioTests
{
    private const string RunnerCookie = "3021b9d889017eeb";
    private static readonly FastOpenKey RunnerKey = FastOpenKey.Parse("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4");
    private static readonly byte[] CookieBytes = Convert.FromHexString(RunnerCookie);

    private static ListenTestBed Bed(int tcpFastopen = 0x3, int? queue = 16, FastOpenKey? sysctlKey = null,
        FastOpenKey? socketKey = null) =>
        new(TcpSysctls.Default with { TcpFastopen = tcpFastopen, TcpFastopenKey = sysctlKey ?? RunnerKey },
            SocketOptions.Default with { FastOpenQueue = queue, FastOpenKey = socketKey });

    /// <summary>The Linux client SYN options with a Fast Open option: a cookie, or an empty cookie request.</summary>
    private static TcpOptionSet FoOptions(ReadOnlySpan<byte> cookie, bool experimental = false)
    {
        var options = Seg.LinuxSynOptions(ClientTsVal);
        options.SetFastOpenCookie(cookie, experimental);
        return options;
    }

    private static TcpSegment FoSyn(ReadOnlySpan<byte> cookie, int payload = 0, bool experimental = false,
        ushort port = 40000) =>
        Syn(port: port, options: FoOptions(cookie, experimental), payload: payload);

    /// <summary>Feeds a SYN that must create a Fast Open child and builds the child as the shell does.</summary>
    private static (RequestSockState Request, TcpConnectionCore Child) OpenChild(ListenTestBed bed, in TcpSegment syn,
        int payload, long now = T0)
    {
        Assert.Equal(ListenerVerdict.FastOpenChildCreated, bed.Listener.OnSegment(syn, default, now, bed.Out, out var request));
        Assert.NotNull(request);
        var child = TcpConnectionCore.FromFastOpenSyn(request, bed.Context, syn, new byte[payload], now, bed.Out);
        return (request, child);
    }

    private static string OptionHex(in OutSegment segment) => Convert.ToHexStringLower(OptionBytes(segment));

    [Fact]
    public void A_cookie_request_gets_a_normal_syn_ack_with_linuxs_cookie_in_the_syn_form()
    {
        var bed = Bed();
        var request = bed.Open(FoSyn(default));
        var synAck = bed.Out.Single();
        var tsVal = bed.TsVal(T0);
        Assert.Equal(ClientIsn + 1, synAck.Ack.Value);
        Assert.Equal(Bytes("020405b4 0402080a {val} {ecr} 0103030a 220a" + RunnerCookie + "0101", tsVal, ClientTsVal),
            OptionBytes(synAck));
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenCookieReqd]);
        Assert.Equal(0, bed[MibCounter.TcpExtTCPFastOpenPassive]);
        Assert.Equal(1, bed.Context.Queue.Length);
        Assert.Equal(0, bed.Context.FastOpen.Length);

        // tcp_rtx_synack passes no cookie: the retransmission carries none.
        bed.Out.Clear();
        request.OnTimer(T0 + Second, bed.Out);
        Assert.Equal(Bytes("020405b4 0402080a {val} {ecr} 0103030a", bed.TsVal(T0 + Second), ClientTsVal),
            OptionBytes(bed.Out.Single()));
    }

    [Fact]
    public void The_experimental_option_is_answered_in_kind()
    {
        var bed = Bed();
        bed.Open(FoSyn(default, experimental: true));
        Assert.EndsWith("fe0cf989" + RunnerCookie, OptionHex(bed.Out.Single()));
    }

    [Fact]
    public void A_valid_cookie_with_data_creates_the_child_at_once_and_the_syn_ack_acknowledges_the_data()
    {
        var bed = Bed();
        var syn = FoSyn(CookieBytes, payload: 10);
        var (request, child) = OpenChild(bed, syn, payload: 10);

        Assert.True(request.FastOpen);
        Assert.Equal(ClientIsn + 11, request.RcvNxt.Value);
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenPassive]);
        Assert.Equal(1, bed[MibCounter.TcpPassiveOpens]);
        Assert.Equal(0, bed[MibCounter.TcpExtTCPFastOpenPassiveFail]);
        Assert.Equal(1, bed.Context.Queue.AckBacklog); // straight into the accept queue
        Assert.Equal(0, bed.Context.Queue.Length);      // no request sock in the SYN queue
        Assert.Equal(1, bed.Context.FastOpen.Length);

        var synAck = bed.Out.Single();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(request.SntIsn, synAck.Seq);
        Assert.Equal(ClientIsn + 11, synAck.Ack.Value);
        Assert.Equal(65160, synAck.Window);
        // A valid cookie is not echoed.
        Assert.Equal(Bytes("020405b4 0402080a {val} {ecr} 0103030a", bed.TsVal(T0), ClientTsVal), OptionBytes(synAck));

        Assert.Equal(TcpState.SynRecv, child.State);
        Assert.True(child.PassiveFastOpen);
        Assert.True(child.CanSend);
        Assert.True(child.SynDataAcked);
        Assert.Equal(10, child.ReadableBytes);
        Assert.Equal(new SeqNum(ClientIsn + 11), child.RcvNxt);
        Assert.Equal(new SeqNum(ClientIsn + 1), child.CopiedSeq);
        Assert.Equal(64240u, child.SndWnd); // the SYN's window, unscaled
        Assert.Equal(10, child.SndCwnd);
        Assert.Equal(T0 + Second, bed.Out.Timers[TcpTimer.Retransmit]);
        Assert.Equal([TcpSocketEvent.DataReadable], bed.Out.Events);

        // The third ACK ends the handshake; the data stays unread.
        bed.Out.Clear();
        var tsEcr = synAck.Options.Timestamps!.Value.Value;
        var ack = Seg.Make(TcpFlags.Ack, ClientIsn + 11, request.SntIsn.Value + 1, 502,
            new TcpOptionSet { Timestamps = new TcpTimestamps(ClientTsVal + 5, tsEcr) },
            settings: TcpParseSettings.ForEstablished(true, true));
        child.OnSegment(ack, default, T0 + 20 * Milli, bed.Out);
        Assert.Equal(TcpState.Established, child.State);
        Assert.False(child.PassiveFastOpen);
        Assert.Equal(0, bed.Context.FastOpen.Length);
        Assert.False(bed.Out.Timers.ContainsKey(TcpTimer.Retransmit));
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(10, child.ReadableBytes);
        Assert.Equal(1448, child.AdvMss);
        Assert.Equal(20_000, child.SmoothedRttMicros); // tcp_synack_rtt_meas: from the first SYN-ACK
    }

    [Fact]
    public void An_invalid_cookie_falls_back_to_a_normal_request_whose_syn_ack_carries_the_right_cookie()
    {
        var bed = Bed();
        var wrong = (byte[])CookieBytes.Clone();
        wrong[0] ^= 1;
        Assert.Equal(ListenerVerdict.RequestCreated, bed.Listener.OnSegment(FoSyn(wrong, payload: 10), default, T0, bed.Out, out var request));
        Assert.NotNull(request);
        Assert.False(request.FastOpen);
        Assert.Equal(ClientIsn + 1, request.RcvNxt.Value); // the SYN's data is not acknowledged
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenPassiveFail]);
        Assert.Equal(0, bed[MibCounter.TcpExtTCPFastOpenPassive]);
        new RequestSockCore(request, bed.Context).OnHashed(T0, bed.Out);
        Assert.EndsWith("220a" + RunnerCookie + "0101", OptionHex(bed.Out.Single()));
    }

    [Fact]
    public void Without_a_fast_open_option_data_on_a_syn_is_ignored_unless_no_cookie_is_required()
    {
        var bed = Bed();
        Assert.Equal(ListenerVerdict.RequestCreated, bed.Listener.OnSegment(Syn(payload: 1000), default, T0, bed.Out, out var plain));
        Assert.Null(plain!.SynAckCookie);
        Assert.Equal(ClientIsn + 1, plain.RcvNxt.Value);

        // TFO_SERVER_COOKIE_NOT_REQD (0x200): data alone is enough, and no cookie is offered.
        var open = Bed(tcpFastopen: 0x202);
        var (request, child) = OpenChild(open, Syn(payload: 1000), payload: 1000);
        Assert.Equal(ClientIsn + 1001, open.Out.Single().Ack.Value);
        Assert.False(open.Out.Single().Options.HasFastOpen);
        Assert.Equal(ClientIsn + 1001, request.RcvNxt.Value);
        Assert.Equal(1000, child.ReadableBytes);

        // A plain SYN without data is never a Fast Open one.
        Assert.Equal(ListenerVerdict.RequestCreated, open.Listener.OnSegment(Syn(port: 40001), default, T0, open.Out, out _));
    }

    [Fact]
    public void Tcp_fastopen_no_cookie_on_the_listener_takes_data_without_a_cookie()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpFastopen = 0x3 },
            SocketOptions.Default with { FastOpenQueue = 4, FastOpenNoCookie = true });
        var (_, child) = OpenChild(bed, Syn(payload: 20), payload: 20);
        Assert.Equal(ClientIsn + 21, bed.Out.Single().Ack.Value);
        Assert.Equal(20, child.ReadableBytes);
    }

    [Fact]
    public void Fast_open_needs_the_server_bit_and_a_queue()
    {
        // Client-only sysctl: the cookie request is counted but not answered with a cookie.
        var clientOnly = Bed(tcpFastopen: 0x1);
        Assert.Equal(ListenerVerdict.RequestCreated, clientOnly.Listener.OnSegment(FoSyn(CookieBytes, payload: 10), default, T0, clientOnly.Out, out var r1));
        Assert.Null(r1!.SynAckCookie);
        Assert.Equal(0, clientOnly[MibCounter.TcpExtTCPFastOpenPassive]);

        // No TCP_FASTOPEN and no 0x400: max_qlen 0.
        var noQueue = Bed(queue: null);
        Assert.Equal(0, noQueue.Context.FastOpen.MaxLength);
        Assert.Equal(ListenerVerdict.RequestCreated, noQueue.Listener.OnSegment(FoSyn(CookieBytes, payload: 10), default, T0, noQueue.Out, out _));

        // 0x400 enables it on every listener with the listen() backlog as max_qlen.
        var everywhere = Bed(tcpFastopen: 0x403, queue: null);
        Assert.Equal(128, everywhere.Context.FastOpen.MaxLength);
        OpenChild(everywhere, FoSyn(CookieBytes, payload: 10), payload: 10);
        Assert.Equal(0, FastOpenQueue.MaxLengthFor(null, 128, 0x401, 4096));
        Assert.Equal(4096, FastOpenQueue.MaxLengthFor(-1, 128, 0x3, 4096));
        Assert.Equal(7, FastOpenQueue.MaxLengthFor(7, 128, 0x403, 4096));
    }

    [Fact]
    public void A_full_fast_open_queue_counts_an_overflow_and_falls_back_without_a_cookie()
    {
        var bed = Bed(queue: 1);
        OpenChild(bed, FoSyn(CookieBytes, payload: 10), payload: 10);
        bed.Out.Clear();
        Assert.Equal(ListenerVerdict.RequestCreated, bed.Listener.OnSegment(FoSyn(CookieBytes, payload: 10, port: 40001), default, T0, bed.Out, out var request));
        Assert.Null(request!.SynAckCookie);
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenListenOverflow]);
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenPassive]);
    }

    [Fact]
    public void A_cookie_of_the_backup_key_is_accepted_and_the_primary_cookie_handed_out()
    {
        var primary = FastOpenKey.KeyFromWords(1, 2, 3, 4);
        var bed = Bed(socketKey: new FastOpenKey(primary, RunnerKey.Primary));
        OpenChild(bed, FoSyn(CookieBytes, payload: 5), payload: 5);
        Span<byte> expected = stackalloc byte[FastOpenCookie.Size];
        FastOpenCookie.Write(primary, Seg.Client, Seg.Server, expected);
        Assert.EndsWith("220a" + Convert.ToHexStringLower(expected) + "0101", OptionHex(bed.Out.Single()));
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenPassiveAltKey]);
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenPassive]);
    }

    [Fact]
    public void The_listeners_own_key_beats_the_sysctl()
    {
        var bed = Bed(socketKey: new FastOpenKey(SipHashKey.Zero));
        bed.Open(FoSyn(default));
        Assert.EndsWith("220ab7c12350a90dc8f50101", OptionHex(bed.Out.Single())); // the runners' TFO_COOKIE_ZERO
    }

    [Fact]
    public void The_child_retransmits_its_syn_ack_on_its_own_timer_and_gives_up_one_retry_after_tcp_synack_retries()
    {
        var bed = Bed();
        var (request, child) = OpenChild(bed, FoSyn(CookieBytes, payload: 10), payload: 10);
        var first = bed.Out.Single();
        var now = T0;
        for (var i = 1; i <= 6; i++)
        {
            bed.Out.Clear();
            now = bed.Out.Timers[TcpTimer.Retransmit];
            Assert.Equal(T0 + ((1L << i) - 1) * Second, now);
            child.OnTimer(TcpTimer.Retransmit, now, bed.Out);
            var again = bed.Out.Single();
            Assert.Equal(first.Seq, again.Seq);
            Assert.Equal(first.Ack, again.Ack);
            Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, again.Flags);
            Assert.Equal(i, request.NumRetrans);
        }
        Assert.Equal(6, bed[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(6, bed[MibCounter.TcpRetransSegs]);
        Assert.Equal(6, child.TotalRetrans);

        bed.Out.Clear();
        child.OnTimer(TcpTimer.Retransmit, bed.Out.Timers[TcpTimer.Retransmit], bed.Out);
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(TcpState.Close, child.State);
        Assert.Contains(TcpSocketEvent.TimedOut, bed.Out.Events);
        Assert.Equal(0, bed.Context.FastOpen.Length);
        Assert.Equal(7, bed[MibCounter.TcpExtTCPTimeouts]);
    }

    [Fact]
    public void The_child_may_send_before_the_handshake_completes()
    {
        var bed = Bed();
        var (request, child) = OpenChild(bed, FoSyn(CookieBytes), payload: 0);
        Assert.False(child.SynDataAcked);
        Assert.Empty(bed.Out.Events);
        bed.Out.Clear();
        Assert.Equal(100, child.Send(new byte[100], T0 + Milli, bed.Out));
        var data = bed.Out.Sent.Single();
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, data.Segment.Flags);
        Assert.Equal(request.SntIsn + 1, data.Segment.Seq);
        Assert.Equal(ClientIsn + 1, data.Segment.Ack.Value);
        Assert.Equal(100, data.Payload.Length);
        // The retransmit timer still belongs to the SYN-ACK.
        Assert.Equal(T0 + Second, bed.Out.Timers[TcpTimer.Retransmit]);
    }

    [Fact]
    public void A_retransmitted_syn_gets_the_syn_ack_again_and_a_new_syn_a_reset_without_killing_the_child()
    {
        var bed = Bed();
        var (request, child) = OpenChild(bed, FoSyn(CookieBytes, payload: 10), payload: 10);
        bed.Out.Clear();
        child.OnSegment(FoSyn(CookieBytes, payload: 10), default, T0 + 100 * Milli, bed.Out);
        var again = bed.Out.Single();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, again.Flags);
        Assert.Equal(ClientIsn + 11, again.Ack.Value);
        Assert.Equal(1, request.NumRetrans);

        bed.Out.Clear();
        var newSyn = Syn(isn: ClientIsn + 100, options: FoOptions(CookieBytes));
        child.OnSegment(newSyn, default, T0 + 200 * Milli, bed.Out);
        var reset = bed.Out.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, reset.Flags);
        Assert.Equal(TcpState.SynRecv, child.State);
        Assert.Equal(1, bed[MibCounter.TcpAttemptFails]);
    }

    [Fact]
    public void An_rst_at_rcv_nxt_resets_the_child_and_one_elsewhere_in_the_window_is_challenged()
    {
        var bed = Bed();
        var (request, child) = OpenChild(bed, FoSyn(CookieBytes, payload: 10), payload: 10);
        bed.Out.Clear();
        child.OnSegment(Seg.Make(TcpFlags.Rst, ClientIsn + 20, settings: TcpParseSettings.ForEstablished(true, true)), default, T0 + Milli, bed.Out);
        var challenge = bed.Out.Single();
        Assert.Equal(TcpFlags.Ack, challenge.Flags);
        Assert.Equal(request.SntIsn + 1, challenge.Seq);
        Assert.Equal(ClientIsn + 11, challenge.Ack.Value);
        Assert.Equal(1, bed[MibCounter.TcpExtTCPChallengeACK]);
        Assert.Equal(TcpState.SynRecv, child.State);

        bed.Out.Clear();
        child.OnSegment(Seg.Make(TcpFlags.Rst | TcpFlags.Ack, ClientIsn + 11, settings: TcpParseSettings.ForEstablished(true, true)), default, T0 + 2 * Milli, bed.Out);
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(TcpState.Close, child.State);
        Assert.Equal([TcpSocketEvent.Reset], bed.Out.Events);
        Assert.Equal(10, child.ReadableBytes); // tcp_reset leaves the receive queue to be read
        Assert.Equal(2, bed[MibCounter.TcpAttemptFails]);
        Assert.Equal(0, bed.Context.FastOpen.Length); // not accepted: the slot is free at once
    }

    [Fact]
    public void A_child_reset_after_accept_holds_its_fast_open_slot_for_sixty_seconds()
    {
        var bed = Bed(queue: 1);
        var (_, child) = OpenChild(bed, FoSyn(CookieBytes, payload: 10), payload: 10);
        child.MarkAccepted();
        child.OnSegment(Seg.Make(TcpFlags.Rst, ClientIsn + 11, settings: TcpParseSettings.ForEstablished(true, true)), default, T0 + Milli, bed.Out);
        Assert.Equal(TcpState.Close, child.State);
        Assert.Equal(1, bed.Context.FastOpen.Length);

        bed.Out.Clear();
        Assert.Equal(ListenerVerdict.RequestCreated,
            bed.Listener.OnSegment(FoSyn(CookieBytes, payload: 10, port: 40001), default, T0 + 59 * Second, bed.Out, out _));
        Assert.Equal(1, bed[MibCounter.TcpExtTCPFastOpenListenOverflow]);

        OpenChild(bed, FoSyn(CookieBytes, payload: 10, port: 40002), payload: 10, now: T0 + Milli + FastOpenQueue.ResetHoldMicros);
        Assert.Equal(1, bed.Context.FastOpen.Length);
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 1)]
    public void Two_syn_ack_timeouts_enter_loss_and_an_ack_of_the_first_syn_ack_undoes_it(bool echoFirst, int cwnd)
    {
        var bed = Bed();
        var (request, child) = OpenChild(bed, FoSyn(CookieBytes, payload: 10), payload: 10);
        var firstTsVal = bed.Out.Single().Options.Timestamps!.Value.Value;
        child.OnTimer(TcpTimer.Retransmit, T0 + Second, bed.Out);
        Assert.Equal(CongestionState.Open, child.CongestionState); // the first timeout does not enter Loss
        child.OnTimer(TcpTimer.Retransmit, T0 + 3 * Second, bed.Out);
        Assert.Equal(CongestionState.Loss, child.CongestionState);
        Assert.Equal(1, child.SndCwnd);
        var lastTsVal = bed.Out.Sent[^1].Segment.Options.Timestamps!.Value.Value;

        var ack = Seg.Make(TcpFlags.Ack, ClientIsn + 11, request.SntIsn.Value + 1, 502,
            new TcpOptionSet { Timestamps = new TcpTimestamps(ClientTsVal + 5, echoFirst ? firstTsVal : lastTsVal) },
            settings: TcpParseSettings.ForEstablished(true, true));
        child.OnSegment(ack, default, T0 + 3 * Second + 10 * Milli, bed.Out);
        Assert.Equal(TcpState.Established, child.State);
        Assert.Equal(CongestionState.Open, child.CongestionState);
        Assert.Equal(cwnd, child.SndCwnd);
        Assert.Equal(0, child.Retransmits);
        Assert.Equal(2, child.TotalRetrans);
    }
}
