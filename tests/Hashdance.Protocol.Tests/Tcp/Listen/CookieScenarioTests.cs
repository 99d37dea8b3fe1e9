using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>Spec §15 S12 and §9: SYN cookies on the listener, in the three tcp_syncookies modes.</summary>
public class CookieScenarioTests
{
    private const ushort CookiePort = 40002;

    /// <summary>listen(fd, 1) with two requests in the SYN queue, so the next SYN overflows it (§17.3).</summary>
    private static ListenTestBed FullSynQueue(TcpSysctls? sysctls = null)
    {
        var bed = new ListenTestBed(sysctls, backlog: 1);
        bed.Open(Syn(port: 40000));
        bed.Open(Syn(port: 40001));
        Assert.Equal(2, bed.Out.Sent.Count); // both got ordinary SYN-ACKs
        bed.Out.Clear();
        return bed;
    }

    private static OutSegment SendCookie(ListenTestBed bed, TcpSegment syn, long now = T0)
    {
        Assert.Equal(ListenerVerdict.CookieSynAckSent, bed.Listener.OnSegment(syn, default, now, bed.Out, out var request));
        Assert.Null(request);
        var synAck = bed.Out.Single();
        bed.Out.Clear();
        return synAck;
    }

    [Fact]
    public void S12_syn_queue_full_with_cookies_sends_a_stateless_cookie_syn_ack()
    {
        var bed = FullSynQueue();
        var warnings = new List<string>();
        bed.Listener.SynFloodWarning += warnings.Add;

        var syn = Syn(port: CookiePort);
        var synAck = SendCookie(bed, syn);
        var cookie = synAck.Seq.Value;
        Assert.True(bed.Context.Secrets.Cookies.Check(Seg.Client, Seg.Server, CookiePort, 8080, ClientIsn + 1, cookie + 1, T0).Valid);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(ClientIsn + 1, synAck.Ack.Value);
        Assert.Equal(65160, synAck.Window);
        var tsVal = synAck.Options.Timestamps!.Value.Value;
        Assert.Equal(Bytes("020405b4 0402080a {val} {ecr} 0103030a", tsVal, ClientTsVal), OptionBytes(synAck));
        // TSval carries wscale 7 and SACK in its low 6 bits and never runs ahead of the clock.
        var encoded = tsVal - bed.TsOffset;
        Assert.Equal(7u | SynCookies.TimestampSackBit, encoded & 63);
        Assert.True(encoded <= (uint)(T0 / 1000) && encoded > (uint)(T0 / 1000) - 64);
        Assert.Equal(SynCookies.InitTimestamp(T0, true, 7, true, false), encoded);

        Assert.Empty(bed.Out.TimerLog); // never retransmitted
        Assert.Equal(2, bed.Context.Queue.Length); // no state kept
        Assert.Equal(1, bed[MibCounter.TcpExtTCPReqQFullDoCookies]);
        Assert.Equal(1, bed[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(0, bed[MibCounter.TcpExtListenDrops]);
        Assert.Equal(["TCP: Possible SYN flooding on port 192.168.0.1:8080. Sending cookies."], warnings);

        // The correct ACK creates the connection.
        var ack = Ack(ClientIsn + 1, cookie + 1, ClientTsVal + 3, tsVal, CookiePort);
        Assert.Equal(ListenerVerdict.CookieChildCreated, bed.Listener.OnSegment(ack, default, T0 + 50 * Milli, bed.Out, out var request));
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(1, bed[MibCounter.TcpExtSyncookiesRecv]);
        Assert.NotNull(request);
        Assert.True(request.IsCookie);
        Assert.Equal(Client(CookiePort), request.Tuple);
        Assert.Equal(ClientIsn, request.RcvIsn.Value);
        Assert.Equal(ClientIsn + 1, request.RcvNxt.Value);
        Assert.Equal(cookie, request.SntIsn.Value);
        Assert.Equal(1460, request.Mss);
        Assert.Equal(1460, request.AdvertisedMss);
        Assert.True(request.TimestampOk && request.SackOk && request.WindowScaleOk);
        Assert.Equal(7, request.SndWscale);
        Assert.Equal(ClientTsVal + 3, request.TsRecent);
        Assert.Equal(bed.TsOffset, request.TsOffset);
        Assert.Equal(64240u, request.RcvWnd); // recomputed with the table MSS and no TS deduction
        Assert.Equal(10, request.RcvWscale);
        Assert.False(request.EcnOk);

        Assert.True(bed.Listener.TryQueueChild());
        Assert.Equal(1, bed[MibCounter.TcpPassiveOpens]);
    }

    [Fact]
    public void S12_forged_cookie_ack_is_reset()
    {
        var bed = FullSynQueue();
        var cookie = SendCookie(bed, Syn(port: CookiePort)).Seq.Value;
        var forged = Ack(ClientIsn + 1, cookie + 1 + 1000, port: CookiePort);
        Assert.Equal(ListenerVerdict.ResetSent, bed.Listener.OnSegment(forged, default, T0 + 50 * Milli, bed.Out, out var request));
        Assert.Null(request);
        var rst = bed.Out.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(cookie + 1 + 1000, rst.Seq.Value);
        Assert.Equal(1, bed[MibCounter.TcpExtSyncookiesFailed]);
        Assert.Equal(0, bed[MibCounter.TcpExtSyncookiesRecv]);
    }

    [Fact]
    public void S12_cookie_expires_after_two_minute_counters()
    {
        var bed = FullSynQueue();
        var cookie = SendCookie(bed, Syn(port: CookiePort)).Seq.Value;
        // Keep the overflow stamp fresh so that the check runs, then ACK too late.
        var late = T0 + 150 * Second;
        SendCookie(bed, Syn(port: 40005), late - Second);
        Assert.Equal(ListenerVerdict.ResetSent,
            bed.Listener.OnSegment(Ack(ClientIsn + 1, cookie + 1, port: CookiePort), default, late, bed.Out, out _));
        Assert.Equal(1, bed[MibCounter.TcpExtSyncookiesFailed]);
    }

    [Fact]
    public void Cookie_acks_are_not_checked_without_a_recent_overflow()
    {
        var bed = new ListenTestBed();
        var ack = Ack(ClientIsn + 1, 12345, port: CookiePort);
        Assert.Equal(ListenerVerdict.ResetSent, bed.Listener.OnSegment(ack, default, T0, bed.Out, out _));
        Assert.Equal(0, bed[MibCounter.TcpExtSyncookiesFailed]);

        // Two minutes after the last cookie the listener stops looking.
        var full = FullSynQueue();
        var cookie = SendCookie(full, Syn(port: CookiePort)).Seq.Value;
        full.Listener.OnSegment(Ack(ClientIsn + 1, cookie + 1, port: CookiePort), default, T0 + 121 * Second, full.Out, out _);
        Assert.Equal(0, full[MibCounter.TcpExtSyncookiesFailed]);
        Assert.Equal(0, full[MibCounter.TcpExtSyncookiesRecv]);
        Assert.Equal(TcpFlags.Rst, full.Out.Single().Flags);
    }

    [Fact]
    public void Cookie_without_timestamps_carries_mss_only_and_the_child_has_no_sack_or_window_scale()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSyncookies = 2 });
        var syn = Syn(port: CookiePort, options: new TcpOptionSet { Mss = 1400, SackPermitted = true, WindowScale = 7 },
            extra: TcpFlags.Ece | TcpFlags.Cwr);
        var synAck = SendCookie(bed, syn);
        Assert.Equal(Bytes("020405b4"), OptionBytes(synAck));
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags); // no ECN without the TSval bit
        Assert.Equal(64240, synAck.Window);

        var ack = Ack(ClientIsn + 1, synAck.Seq.Value + 1, port: CookiePort);
        Assert.Equal(ListenerVerdict.CookieChildCreated, bed.Listener.OnSegment(ack, default, T0 + Second, bed.Out, out var request));
        Assert.Equal(1300, request!.Mss); // 1400 rounded down to the table
        Assert.False(request.TimestampOk || request.SackOk || request.WindowScaleOk || request.EcnOk);
        Assert.Equal(0u, request.TsOffset);
        Assert.Equal(0, request.RcvWscale);
    }

    [Fact]
    public void Cookie_tsval_encodes_no_window_scale_as_15_and_ecn_in_bit_5()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSyncookies = 2 });
        var syn = Syn(port: CookiePort, options: new TcpOptionSet { Mss = 1460, Timestamps = new TcpTimestamps(ClientTsVal, 0) },
            extra: TcpFlags.Ece | TcpFlags.Cwr);
        var synAck = SendCookie(bed, syn);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, synAck.Flags);
        var tsVal = synAck.Options.Timestamps!.Value.Value;
        Assert.Equal(15u | SynCookies.TimestampEcnBit, (tsVal - bed.TsOffset) & 63);
        Assert.Equal(Bytes("020405b4 0101080a {val} {ecr}", tsVal, ClientTsVal), OptionBytes(synAck));

        var ack = Ack(ClientIsn + 1, synAck.Seq.Value + 1, ClientTsVal, tsVal, CookiePort);
        Assert.Equal(ListenerVerdict.CookieChildCreated, bed.Listener.OnSegment(ack, default, T0 + Second, bed.Out, out var request));
        Assert.True(request!.TimestampOk && request.EcnOk);
        Assert.False(request.SackOk || request.WindowScaleOk);
    }

    [Fact]
    public void Mode_0_never_sends_cookies()
    {
        var bed = FullSynQueue(TcpSysctls.Default with { TcpSyncookies = 0 });
        bed.AssertDropped(Syn(port: CookiePort));
        Assert.Equal(0, bed[MibCounter.TcpExtSyncookiesSent]);
        // ... and never checks them.
        bed.Listener.OnSegment(Ack(ClientIsn + 1, 777, port: CookiePort), default, T0, bed.Out, out _);
        Assert.Equal(0, bed[MibCounter.TcpExtSyncookiesFailed]);
    }

    [Fact]
    public void Mode_1_sends_cookies_only_when_the_syn_queue_is_full()
    {
        var bed = new ListenTestBed(backlog: 1);
        bed.Open(Syn(port: 40000));
        Assert.Equal(0, bed[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(0, bed[MibCounter.TcpExtTCPReqQFullDoCookies]);
        bed.Open(Syn(port: 40001));
        bed.Out.Clear();
        SendCookie(bed, Syn(port: 40002));
        SendCookie(bed, Syn(port: 40003));
        Assert.Equal(2, bed[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(2, bed[MibCounter.TcpExtTCPReqQFullDoCookies]);
    }

    [Fact]
    public void Mode_2_sends_cookies_for_every_syn_without_warning()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { TcpSyncookies = 2 });
        var warnings = new List<string>();
        bed.Listener.SynFloodWarning += warnings.Add;
        for (ushort i = 0; i < 3; i++)
            SendCookie(bed, Syn(port: (ushort)(40000 + i)));
        Assert.Equal(3, bed[MibCounter.TcpExtTCPReqQFullDoCookies]);
        Assert.Equal(3, bed[MibCounter.TcpExtSyncookiesSent]);
        Assert.Equal(0, bed.Context.Queue.Length);
        Assert.Empty(warnings);
        Assert.False(bed.Listener.SynFloodWarned);
    }

    [Fact]
    public void Listen_backlog_1_two_syn_acks_then_a_cookie_and_the_accept_queue_holds_two()
    {
        var bed = new ListenTestBed(backlog: 1);
        var first = bed.Open(Syn(port: 40000));
        var second = bed.Open(Syn(port: 40001));
        var isns = bed.Out.Sent.Select(s => s.Segment.Seq.Value).ToArray();
        bed.Out.Clear();
        var cookie = SendCookie(bed, Syn(port: CookiePort));

        Assert.Equal(CheckReqVerdict.ChildWanted, first.OnSegment(Ack(ClientIsn + 1, isns[0] + 1, port: 40000), T0 + Milli, bed.Out));
        Assert.True(bed.Listener.TryQueueChild());
        first.OnHandedToChild(bed.Out);
        Assert.Equal(CheckReqVerdict.ChildWanted, second.OnSegment(Ack(ClientIsn + 1, isns[1] + 1, port: 40001), T0 + Milli, bed.Out));
        Assert.True(bed.Listener.TryQueueChild());
        second.OnHandedToChild(bed.Out);
        Assert.Equal(2, bed.Context.Queue.AckBacklog);
        Assert.Equal(0, bed.Context.Queue.Length);

        // The cookie validates, but tcp_v4_syn_recv_sock finds the accept queue full: dropped, no RST.
        var ack = Ack(ClientIsn + 1, cookie.Seq.Value + 1, ClientTsVal, cookie.Options.Timestamps!.Value.Value, CookiePort);
        Assert.Equal(ListenerVerdict.CookieChildCreated, bed.Listener.OnSegment(ack, default, T0 + Milli, bed.Out, out _));
        Assert.False(bed.Listener.TryQueueChild());
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(1, bed[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(1, bed[MibCounter.TcpExtListenDrops]);
        Assert.Equal(2, bed[MibCounter.TcpPassiveOpens]);

        // While the accept queue is full even cookies are not sent.
        bed.AssertDropped(Syn(port: 40009));
        Assert.Equal(2, bed[MibCounter.TcpExtListenOverflows]);
        Assert.Equal(1, bed[MibCounter.TcpExtSyncookiesSent]);
    }
}
