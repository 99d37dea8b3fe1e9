using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Linux;

public class SynCookiesTests
{
    private static readonly Ipv4Address Client = RunnerAddresses.Remote;
    private static readonly Ipv4Address Server = RunnerAddresses.Local;
    private const ushort ClientPort = 43210;
    private const ushort ServerPort = 8080;
    private const uint ClientIsn = 0xFFFF_FFF0; // wraps when +1: exercises modular arithmetic
    private const long Minute = 60_000_000;
    private static readonly long T0 = 10 * Minute + 5_000_000; // 10 min 5 s

    private static readonly SynCookies Cookies = new(1234);

    private static SynCookieCheck CheckAck(uint cookieIsn, long now, uint ackOffset = 0, ushort clientPort = ClientPort) =>
        Cookies.Check(Client, Server, clientPort, ServerPort, unchecked(ClientIsn + 1), unchecked(cookieIsn + 1 + ackOffset), now);

    [Theory]
    [InlineData(9000, 1460, 3)]
    [InlineData(1460, 1460, 3)]
    [InlineData(1459, 1440, 2)]
    [InlineData(1440, 1440, 2)]
    [InlineData(1300, 1300, 1)]
    [InlineData(1299, 536, 0)]
    [InlineData(536, 536, 0)]
    [InlineData(100, 536, 0)]
    public void Mss_is_rounded_down_to_the_table(int peerMss, int tableMss, int index)
    {
        Assert.Equal(index, SynCookies.MssIndex(peerMss));
        var cookie = Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, peerMss, T0);
        Assert.Equal(tableMss, cookie.Mss);
        Assert.Equal(new SynCookieCheck(true, (ushort)tableMss), CheckAck(cookie.Isn, T0));
    }

    [Fact]
    public void Cookie_layout_is_hash_plus_isn_plus_minute_counter_plus_index()
    {
        var count = SynCookies.CookieTime(T0);
        Assert.Equal(10u, count);
        var h0 = Cookies.CookieHash(Client, Server, ClientPort, ServerPort, 0, 0);
        var h1 = Cookies.CookieHash(Client, Server, ClientPort, ServerPort, count, 1);
        var expected = unchecked(h0 + ClientIsn + (count << 24) + ((h1 + 3) & 0xFF_FFFF));
        Assert.Equal(expected, Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, 1460, T0).Isn);
    }

    [Fact]
    public void Age_0_and_1_are_valid_age_2_is_not()
    {
        var isn = Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, 1460, T0).Isn;
        Assert.True(CheckAck(isn, T0).Valid);
        Assert.True(CheckAck(isn, T0 + Minute - 5_000_001).Valid); // same minute
        Assert.True(CheckAck(isn, T0 + Minute).Valid);              // age 1
        Assert.True(CheckAck(isn, 12 * Minute - 1).Valid);          // still age 1
        Assert.False(CheckAck(isn, 12 * Minute).Valid);             // age 2: 115 s after sending
        Assert.False(CheckAck(isn, T0 + 5 * Minute).Valid);
        // A clock that went backwards yields age 255: invalid too.
        Assert.False(CheckAck(isn, T0 - Minute).Valid);
    }

    [Fact]
    public void Lifetime_is_only_60_to_120_seconds_depending_on_the_minute_boundary()
    {
        var lateInMinute = 10 * Minute + 59_000_000;
        var isn = Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, 1460, lateInMinute).Isn;
        Assert.True(CheckAck(isn, 12 * Minute - 1).Valid);  // 61 s later
        Assert.False(CheckAck(isn, 12 * Minute).Valid);     // 61 s + 1 µs later
    }

    [Fact]
    public void Ack_a_little_off_decodes_as_another_table_index()
    {
        // Spec §17 point 2: SEG.ACK−1 = cookie + k decodes as index idx + k; valid while idx + k stays in 0..3.
        var isn = Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, 1460, T0).Isn; // idx 3
        Assert.Equal(new SynCookieCheck(true, 1440), CheckAck(isn, T0, unchecked((uint)-1)));
        Assert.Equal(new SynCookieCheck(true, 1300), CheckAck(isn, T0, unchecked((uint)-2)));
        Assert.Equal(new SynCookieCheck(true, 536), CheckAck(isn, T0, unchecked((uint)-3)));
        Assert.False(CheckAck(isn, T0, unchecked((uint)-4)).Valid);
        Assert.False(CheckAck(isn, T0, 1).Valid);

        var low = Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, 536, T0).Isn; // idx 0
        Assert.Equal(new SynCookieCheck(true, 1300), CheckAck(low, T0, 1));
        Assert.Equal(new SynCookieCheck(true, 1460), CheckAck(low, T0, 3));
        Assert.False(CheckAck(low, T0, 4).Valid);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(100_000)]
    [InlineData(0x1234_5678)]
    [InlineData(0x8000_0000)]
    public void Forged_cookies_far_off_are_rejected(uint offset)
    {
        var isn = Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, 1460, T0).Isn;
        Assert.Equal(SynCookieCheck.Invalid, CheckAck(isn, T0, offset));
    }

    [Fact]
    public void Cookie_is_bound_to_the_4_tuple_client_isn_and_keys()
    {
        var isn = Cookies.Encode(Client, Server, ClientPort, ServerPort, ClientIsn, 1460, T0).Isn;
        Assert.False(CheckAck(isn, T0, clientPort: ClientPort + 1).Valid);
        Assert.False(Cookies.Check(Ipv4Address.Parse("192.0.2.2"), Server, ClientPort, ServerPort, ClientIsn + 1, isn + 1, T0).Valid);
        Assert.False(Cookies.Check(Client, Ipv4Address.Parse("192.168.0.2"), ClientPort, ServerPort, ClientIsn + 1, isn + 1, T0).Valid);
        Assert.False(Cookies.Check(Client, Server, ClientPort, 8081, ClientIsn + 1, isn + 1, T0).Valid);
        Assert.False(Cookies.Check(Client, Server, ClientPort, ServerPort, unchecked(ClientIsn + 1000), isn + 1, T0).Valid);
        Assert.False(new SynCookies(4321).Check(Client, Server, ClientPort, ServerPort, unchecked(ClientIsn + 1), unchecked(isn + 1), T0).Valid);
        Assert.True(new SynCookies(1234).Check(Client, Server, ClientPort, ServerPort, unchecked(ClientIsn + 1), unchecked(isn + 1), T0).Valid);
    }

    [Fact]
    public void Timestamp_carries_wscale_sack_ecn_in_low_6_bits_and_never_runs_ahead()
    {
        const long now = 1_000_123_456; // 1000123 ms = 0xF42BB; low 6 bits 0x3B = 59
        var ts = SynCookies.InitTimestamp(now, windowScaleOk: true, sendWindowScale: 7, sackOk: true, ecnOk: true);
        Assert.Equal(1_000_064u + 7 + 16 + 32, ts);

        // Options 63 > 59: would run ahead of the clock, so 64 ms are taken off.
        var noWs = SynCookies.InitTimestamp(now, windowScaleOk: false, sendWindowScale: 0, sackOk: true, ecnOk: true);
        Assert.Equal(1_000_064u - 64 + 63, noWs);
        Assert.True(noWs <= 1_000_123);

        var bare = SynCookies.InitTimestamp(now, windowScaleOk: true, sendWindowScale: 0, sackOk: false, ecnOk: false);
        Assert.Equal(1_000_064u, bare);
    }

    [Fact]
    public void Timestamp_options_round_trip_through_tsecr_with_ts_offset()
    {
        const uint tsOff = 0xDEAD_BEEF;
        var sysctls = TcpSysctls.Default;
        foreach (var (wsOk, ws, sack, ecn) in new[] { (true, 7, true, true), (true, 0, false, false), (true, 14, true, false), (false, 0, false, true) })
        {
            var tsval = unchecked(SynCookies.InitTimestamp(5_000_000_000, wsOk, ws, sack, ecn) + tsOff);
            var decoded = SynCookies.DecodeTimestamp(true, tsval, tsOff, sysctls);
            Assert.Equal(new SynCookieOptions(true, true, sack, wsOk, (byte)(wsOk ? ws : 0), ecn), decoded);
            Assert.Equal(ecn, SynCookies.EcnOk(decoded, sysctls, routeEcnFeature: false));
        }
    }

    [Fact]
    public void Timestamp_decode_failure_rules()
    {
        var d = TcpSysctls.Default;
        const uint options = 7 | 16 | 32; // wscale 7, SACK, ECN

        // No timestamp in the ACK: no SACK/WS/ECN, but fine.
        Assert.Equal(new SynCookieOptions(true, false, false, false, 0, false), SynCookies.DecodeTimestamp(false, options, 0, d));
        // Timestamps disabled since the SYN-ACK: fail.
        Assert.False(SynCookies.DecodeTimestamp(true, options, 0, d with { TcpTimestamps = 0 }).Ok);
        // SACK bit but SACK disabled: fail.
        Assert.False(SynCookies.DecodeTimestamp(true, options, 0, d with { TcpSack = 0 }).Ok);
        Assert.True(SynCookies.DecodeTimestamp(true, 7 | 32, 0, d with { TcpSack = 0 }).Ok);
        // A window scale but window scaling disabled: fail; "no WS" (0xF) is fine.
        Assert.False(SynCookies.DecodeTimestamp(true, options, 0, d with { TcpWindowScaling = 0 }).Ok);
        Assert.True(SynCookies.DecodeTimestamp(true, 0xF | 16, 0, d with { TcpWindowScaling = 0 }).Ok);
        // ECN needs tcp_ecn != 0 or the route feature.
        var withEcn = SynCookies.DecodeTimestamp(true, options, 0, d);
        Assert.False(SynCookies.EcnOk(withEcn, d with { TcpEcn = 0 }, routeEcnFeature: false));
        Assert.True(SynCookies.EcnOk(withEcn, d with { TcpEcn = 0 }, routeEcnFeature: true));
        // TSecr 0 is not reduced by the offset.
        Assert.Equal(new SynCookieOptions(true, true, false, true, 0, false), SynCookies.DecodeTimestamp(true, 0, 12345, d));
    }

    [Fact]
    public void Synq_overflow_stamp_gates_cookie_checks()
    {
        var stamp = default(SynqOverflowStamp);
        Assert.True(stamp.NoRecentOverflow(0));
        Assert.True(stamp.NoRecentOverflow(100 * Minute));

        stamp = stamp.Record(10_000_000); // jiffies 2500 at HZ 250
        Assert.Equal(new SynqOverflowStamp(true, 2500), stamp);
        Assert.False(stamp.NoRecentOverflow(10_000_000));
        Assert.False(stamp.NoRecentOverflow(9_000_000));          // last − HZ is still "recent"
        Assert.True(stamp.NoRecentOverflow(8_996_000));           // one jiffy earlier
        Assert.False(stamp.NoRecentOverflow(130_003_999));        // last + 120 s
        Assert.True(stamp.NoRecentOverflow(130_004_000));         // one jiffy later

        // Rewritten at most once per second.
        Assert.Equal(stamp, stamp.Record(11_003_999));
        Assert.Equal(new SynqOverflowStamp(true, 2751), stamp.Record(11_004_000));
    }
}
