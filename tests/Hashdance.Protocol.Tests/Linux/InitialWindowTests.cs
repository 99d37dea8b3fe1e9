using Hashdance.Protocol.Config;
using Hashdance.Protocol.Linux;

namespace Hashdance.Protocol.Tests.Linux;

public class InitialWindowTests
{
    private static readonly TcpSysctls D = TcpSysctls.Default;

    private static InitialWindowResult Request(int mss, bool ts, bool ws, TcpSysctls s, int? rcvbuf = null, bool locked = false) =>
        InitialWindow.ForRequest(mss, ts, ws, rcvbuf ?? s.TcpRmem.Default, locked, 0, s);

    [Fact]
    public void Full_space_is_half_the_buffer_since_v6_11()
    {
        Assert.Equal(128, InitialWindow.DefaultScalingRatio);
        Assert.Equal(65536, InitialWindow.FullSpace(131072));
        Assert.Equal(270000, InitialWindow.FullSpace(540000));
    }

    [Fact]
    public void Default_syn_ack_with_timestamps_is_65160_wscale_10()
    {
        var r = Request(1460, ts: true, ws: true, D);
        Assert.Equal(new InitialWindowResult(65160, 65535u << 10, 10), r); // 45 × 1448
        Assert.Equal(65160, r.SynAckWindow);
    }

    [Fact]
    public void Default_syn_ack_without_timestamps_is_64240()
    {
        Assert.Equal(64240u, Request(1460, ts: false, ws: true, D).ReceiveWindow); // 44 × 1460
        // Option-less SYN (spec S2): no WS, so wscale 0 and the clamp fits 16 bits.
        Assert.Equal(new InitialWindowResult(64240, 65535, 0), Request(1460, ts: false, ws: false, D));
    }

    [Fact]
    public void Larger_tcp_rmem_1_gives_65535_on_the_wire_but_not_internally()
    {
        // Spec §17 point 4: tcp_rmem[1] = 540000 → SYN-ACK window 65535.
        var s = D.Set("tcp_rmem", "4096 540000 15728640");
        var r = Request(1460, ts: false, ws: false, s);
        Assert.Equal(268640u, r.ReceiveWindow); // rounddown(270000, 1460) = 184 × 1460
        Assert.Equal(65535, r.SynAckWindow);
        Assert.Equal(65535u, r.WindowClamp);
        Assert.Equal(8, Request(1460, ts: true, ws: true, s).ReceiveWindowScale); // packetdrill defaults.sh: wscale 8
    }

    [Fact]
    public void Loopback_mss_65483_with_timestamps()
    {
        var r = Request(65495, ts: true, ws: true, D);
        Assert.Equal(65483u, r.ReceiveWindow);
        Assert.Equal(65483, r.SynAckWindow);
    }

    [Fact]
    public void Tcp_rmem_2_of_6_MiB_gives_wscale_7()
    {
        var s = D with { TcpRmem = new TcpBufferSizes(4096, 131072, 6 * 1024 * 1024) };
        Assert.Equal(7, Request(1460, ts: true, ws: true, s).ReceiveWindowScale);
    }

    [Fact]
    public void Linux311_profile_gives_wscale_6()
    {
        var r = Request(1460, ts: false, ws: true, TcpSysctls.Linux311Profile);
        Assert.Equal(6, r.ReceiveWindowScale);
        Assert.Equal(42340u, r.ReceiveWindow); // rounddown(87380 / 2, 1460)
        Assert.Equal(65535u << 6, r.WindowClamp);
    }

    [Theory]
    // wscale = ilog2(max(space, tcp_rmem[2], rmem_max)) − 15, so 6 needs the maximum in [2^21, 2^22).
    [InlineData(2_097_151, 212_992, 5)]
    [InlineData(2_097_152, 212_992, 6)]
    [InlineData(4_000_000, 212_992, 6)]
    [InlineData(4_194_303, 212_992, 6)]
    [InlineData(4_194_304, 212_992, 7)]
    // With today's rmem_max of 4 MiB the 2013 value 4000000 is not enough: the manifest's "wscale 6 -> 7".
    [InlineData(4_000_000, 4_194_304, 7)]
    [InlineData(1_000_000_000, 4_194_304, 14)]
    public void Window_scale_boundaries(int rmem2, int rmemMax, int expected)
    {
        var s = D with { TcpRmem = new TcpBufferSizes(4096, 131072, rmem2), RmemMax = rmemMax };
        Assert.Equal(expected, Request(1460, ts: true, ws: true, s).ReceiveWindowScale);
    }

    [Fact]
    public void Locked_small_so_rcvbuf_gives_wscale_0()
    {
        // README a.9: SO_RCVBUF 20000 on the listener → wscale 0 (tcp_rcv_* scripts).
        var rcvbuf = InitialWindow.ReceiveBufferFromSockopt(20000, D);
        Assert.Equal(40000, rcvbuf);
        var r = Request(1460, ts: true, ws: true, D, rcvbuf, locked: true);
        Assert.Equal(new InitialWindowResult(18824, 20000, 0), r); // 13 × 1448, clamp = full space
        Assert.Equal(0, Request(1460, ts: true, ws: true, D, InitialWindow.ReceiveBufferFromSockopt(10000, D), locked: true).ReceiveWindowScale);
        Assert.Equal(4608, InitialWindow.ReceiveBufferFromSockopt(1, D));
        Assert.Equal(2 * D.RmemMax, InitialWindow.ReceiveBufferFromSockopt(int.MaxValue, D));
    }

    [Fact]
    public void Signed_window_workaround_and_initrwnd_cap_the_window()
    {
        Assert.Equal(32767u, Request(1460, ts: true, ws: true, D with { TcpWorkaroundSignedWindows = 1 }).ReceiveWindow);
        var r = InitialWindow.ForRequest(1460, true, true, 131072, false, 0, D, routeInitialReceiveWindow: 10);
        Assert.Equal(14480u, r.ReceiveWindow);
    }

    [Fact]
    public void Listener_window_clamp_limits_space_and_scale()
    {
        var r = InitialWindow.ForRequest(1460, true, true, 131072, false, listenerWindowClamp: 30000, D);
        Assert.Equal(new InitialWindowResult(28960, 30000, 0), r); // 20 × 1448
    }

    [Fact]
    public void Cookie_ack_uses_table_mss_without_timestamp_deduction()
    {
        // cookie_v4_check passes req->mss (the table MSS) straight to tcp_select_initial_window.
        var r = InitialWindow.ForRequest(1440, timestamps: false, peerWindowScale: true, 131072, false, 0, D);
        Assert.Equal(64800u, r.ReceiveWindow); // 45 × 1440
    }

    [Fact]
    public void Select_handles_tiny_and_negative_space()
    {
        Assert.Equal(new InitialWindowResult(1000, 65535, 0), InitialWindow.Select(1000, 1460, 0, false, 0, D));
        Assert.Equal(new InitialWindowResult(0, 65535, 0), InitialWindow.Select(-5, 1460, 0, false, 0, D));
        Assert.Throws<ArgumentOutOfRangeException>(() => InitialWindow.Select(1000, 0, 0, false, 0, D));
    }
}
