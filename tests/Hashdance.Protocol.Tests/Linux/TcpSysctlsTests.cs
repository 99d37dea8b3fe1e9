using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;

namespace Hashdance.Protocol.Tests.Linux;

public class TcpSysctlsTests
{
    private static readonly TcpSysctls D = TcpSysctls.Default;

    [Theory]
    // Values read from /proc/sys on the Linux 6.18.44 reference machine.
    [InlineData("net.core.somaxconn", "4096")]
    [InlineData("net.core.rmem_max", "4194304")]
    [InlineData("net.core.wmem_max", "4194304")]
    [InlineData("net.core.rmem_default", "212992")]
    [InlineData("net.core.wmem_default", "212992")]
    [InlineData("net.ipv4.tcp_syncookies", "1")]
    [InlineData("net.ipv4.tcp_max_syn_backlog", "2048")]
    [InlineData("net.ipv4.tcp_synack_retries", "5")]
    [InlineData("net.ipv4.tcp_syn_retries", "6")]
    [InlineData("net.ipv4.tcp_timestamps", "1")]
    [InlineData("net.ipv4.tcp_rmem", "4096\t131072\t33554432")]
    [InlineData("net.ipv4.tcp_wmem", "4096\t16384\t4194304")]
    [InlineData("net.ipv4.tcp_ecn", "2")]
    [InlineData("net.ipv4.tcp_fin_timeout", "60")]
    [InlineData("net.ipv4.tcp_keepalive_time", "7200")]
    [InlineData("net.ipv4.tcp_invalid_ratelimit", "500")]
    [InlineData("net.ipv4.tcp_tw_reuse", "2")]
    [InlineData("net.ipv4.tcp_fastopen", "1")]
    [InlineData("net.ipv4.tcp_fastopen_key", "00000000-00000000-00000000-00000000")]
    [InlineData("net.ipv4.tcp_rto_max_ms", "120000")]
    [InlineData("net.ipv4.tcp_rto_min_us", "200000")]
    [InlineData("net.ipv4.tcp_challenge_ack_limit", "2147483647")]
    [InlineData("net.ipv4.tcp_congestion_control", "cubic")]
    [InlineData("net.ipv4.tcp_notsent_lowat", "4294967295")]
    [InlineData("net.ipv4.tcp_early_retrans", "3")]
    [InlineData("net.ipv4.tcp_comp_sack_nr", "44")]
    [InlineData("net.ipv4.ip_local_port_range", "32768\t60999")]
    [InlineData("net.ipv4.ip_default_ttl", "64")]
    [InlineData("net.ipv4.tcp_pacing_ss_ratio", "200")]
    [InlineData("net.ipv4.tcp_max_tw_buckets", "131072")]
    public void Defaults_match_linux_6_18(string name, string expected) => Assert.Equal(expected, D.Get(name));

    [Fact]
    public void Known_names_cover_the_required_set_and_all_are_gettable()
    {
        string[] required =
        [
            "somaxconn", "rmem_max", "wmem_max", "rmem_default", "wmem_default", "tcp_syncookies", "tcp_max_syn_backlog",
            "tcp_synack_retries", "tcp_syn_retries", "tcp_abort_on_overflow", "tcp_timestamps", "tcp_sack", "tcp_dsack",
            "tcp_window_scaling", "tcp_rmem", "tcp_wmem", "tcp_ecn", "tcp_ecn_fallback", "tcp_fin_timeout", "tcp_retries1",
            "tcp_retries2", "tcp_orphan_retries", "tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes",
            "tcp_invalid_ratelimit", "tcp_rfc1337", "tcp_tw_reuse", "tcp_migrate_req", "tcp_fastopen", "tcp_fastopen_key",
            "tcp_workaround_signed_windows", "tcp_rto_max_ms", "tcp_rto_min_us", "tcp_challenge_ack_limit",
            "tcp_congestion_control", "tcp_autocorking", "tcp_moderate_rcvbuf", "tcp_adv_win_scale", "tcp_min_snd_mss",
            "tcp_base_mss", "tcp_mtu_probing", "tcp_early_retrans", "tcp_recovery", "tcp_slow_start_after_idle",
            "tcp_no_metrics_save", "tcp_reflect_tos", "tcp_frto", "tcp_min_rtt_wlen", "tcp_notsent_lowat",
            "tcp_tso_win_divisor", "tcp_limit_output_bytes", "tcp_comp_sack_nr", "tcp_thin_linear_timeouts",
            "ip_local_port_range", "ip_default_ttl", "ip_no_pmtu_disc", "tcp_pacing_ss_ratio", "tcp_pacing_ca_ratio",
            "tcp_max_tw_buckets", "tcp_max_orphans",
            // also set by the packetdrill defaults files
            "tcp_reordering", "tcp_fack", "tcp_ecn_option",
        ];
        foreach (var name in required)
            Assert.True(TcpSysctls.IsKnown(name), name);
        Assert.Equal(TcpSysctls.KnownNames.Count, TcpSysctls.KnownNames.Distinct().Count());
        foreach (var name in TcpSysctls.KnownNames)
        {
            Assert.StartsWith("net.", name);
            // Writing back what was read is always accepted and reads back the same. (For tcp_fastopen_key this turns
            // "unset" into an explicit all-zero key, as on Linux, so the records are compared by text only.)
            Assert.True(D.TrySet(name, D.Get(name), out var same, out var error), $"{name}: {error}");
            Assert.Equal(D.Get(name), same.Get(name));
        }
    }

    [Theory]
    [InlineData("net.ipv4.tcp_synack_retries")]
    [InlineData("tcp_synack_retries")]
    [InlineData("/proc/sys/net/ipv4/tcp_synack_retries")]
    [InlineData("net/ipv4/tcp_synack_retries")]
    public void All_name_forms_are_accepted(string name)
    {
        Assert.True(D.TrySet(name, "3", out var updated, out var error), error);
        Assert.Equal(3, updated.TcpSynackRetries);
        Assert.Equal(5, D.TcpSynackRetries); // immutable
    }

    [Fact]
    public void Core_names_resolve_in_all_forms()
    {
        Assert.Equal(128, D.Set("somaxconn", "128").Somaxconn);
        Assert.Equal(128, D.Set("/proc/sys/net/core/somaxconn", "128").Somaxconn);
        Assert.Equal(212992, D.Set("net.core.rmem_max", "212992").RmemMax);
    }

    [Fact]
    public void Vector_values_accept_spaces_and_tabs_and_partial_writes()
    {
        Assert.Equal(new TcpBufferSizes(4096, 540000, 15728640), D.Set("net.ipv4.tcp_rmem", "4096 540000 15728640").TcpRmem);
        Assert.Equal(new TcpBufferSizes(4096, 262144, 4194304), D.Set("tcp_wmem", "4096\t262144 \t 4194304\n").TcpWmem);
        // proc_dointvec updates only the values given.
        Assert.Equal(new TcpBufferSizes(8192, 131072, 33554432), D.Set("tcp_rmem", "8192").TcpRmem);
        Assert.Equal(new PortRange(1024, 65000), D.Set("ip_local_port_range", "1024\t65000").IpLocalPortRange);
    }

    [Fact]
    public void Integers_are_read_with_base_prefixes_like_proc()
    {
        Assert.Equal(0x70403, D.Set("tcp_fastopen", "0x70403").TcpFastopen);
        Assert.Equal(0x202, D.Set("tcp_fastopen", " 0x202\n").TcpFastopen);
        Assert.Equal(8, D.Set("tcp_fastopen", "010").TcpFastopen);
        Assert.Equal(-2, D.Set("tcp_adv_win_scale", "-2").TcpAdvWinScale);
        Assert.Equal(uint.MaxValue, D.Set("tcp_notsent_lowat", "4294967295").TcpNotsentLowat);
    }

    [Fact]
    public void Key_and_congestion_control_are_parsed()
    {
        var s = D.Set("net.ipv4.tcp_fastopen_key", "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4");
        Assert.Equal(FastOpenKey.Parse("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"), s.TcpFastopenKey);
        Assert.Equal("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", s.Get("tcp_fastopen_key"));
        Assert.Equal("reno", D.Set("tcp_congestion_control", "reno\n").TcpCongestionControl);
    }

    [Theory]
    [InlineData("tcp_bogus", "1", "unknown sysctl 'tcp_bogus'")]
    [InlineData("net.ipv4.tcp_synack_retries", "five", "net.ipv4.tcp_synack_retries: 'five' is not an integer")]
    [InlineData("tcp_synack_retries", "1 2", "net.ipv4.tcp_synack_retries: expected one integer, got '1 2'")]
    [InlineData("tcp_synack_retries", "256", "net.ipv4.tcp_synack_retries: 256 is outside the allowed range 0..255")]
    [InlineData("tcp_syn_retries", "0", "net.ipv4.tcp_syn_retries: 0 is outside the allowed range 1..127")]
    [InlineData("tcp_ecn", "6", "net.ipv4.tcp_ecn: 6 is outside the allowed range 0..5")]
    [InlineData("tcp_notsent_lowat", "-1", "net.ipv4.tcp_notsent_lowat: '-1' is not an unsigned integer")]
    [InlineData("tcp_rmem", "4096 0 6291456", "net.ipv4.tcp_rmem: 0 is outside the allowed range 1..2147483647")]
    [InlineData("tcp_rmem", "1 2 3 4", "net.ipv4.tcp_rmem: expected 1 to 3 integers separated by spaces or tabs, got '1 2 3 4'")]
    [InlineData("tcp_rmem", "", "net.ipv4.tcp_rmem: expected 1 to 3 integers separated by spaces or tabs, got ''")]
    [InlineData("ip_local_port_range", "60000 1024", "net.ipv4.ip_local_port_range: expected 'low high' with low <= high, got '60000 1024'")]
    [InlineData("tcp_congestion_control", "no such", "net.ipv4.tcp_congestion_control: 'no such' is not a congestion control name")]
    public void Bad_names_and_values_give_clear_errors(string name, string value, string expectedError)
    {
        Assert.False(D.TrySet(name, value, out var updated, out var error));
        Assert.Equal(expectedError, error);
        Assert.Same(D, updated);
    }

    [Fact]
    public void Get_and_Set_throw_for_unknown_names()
    {
        Assert.Throws<ArgumentException>(() => D.Get("tcp_bogus"));
        Assert.Throws<ArgumentException>(() => D.Set("tcp_bogus", "1"));
    }

    [Fact]
    public void Linux311_profile_differs_only_in_buffers_and_backlog()
    {
        var p = TcpSysctls.Linux311Profile;
        Assert.Equal(128, p.Somaxconn);
        Assert.Equal(212992, p.RmemMax);
        Assert.Equal(new TcpBufferSizes(4096, 87380, 4000000), p.TcpRmem);
        Assert.Equal(D with { Somaxconn = 128, RmemMax = 212992, WmemMax = 212992, TcpRmem = p.TcpRmem }, p);
    }
}
