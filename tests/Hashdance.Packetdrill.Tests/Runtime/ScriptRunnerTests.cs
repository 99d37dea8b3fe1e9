using Hashdance.Packetdrill.Reporting;

namespace Hashdance.Packetdrill.Tests.Runtime;

/// <summary>Whole scripts against the stack: what passes, and how each kind of discrepancy is reported.</summary>
public sealed class ScriptRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pd-run-").FullName;

    public ScriptRunnerTests() =>
        File.WriteAllText(Path.Combine(_directory, "defaults.sh"), "sysctl -q net.ipv4.tcp_rmem=\"4096 540000 $((15*1024*1024))\"\nsysctl -q net.ipv4.tcp_timestamps=1\n");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Handshake = """
        `./defaults.sh`
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
           +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
           +0 bind(3, ..., ...) = 0
           +0 listen(3, 1) = 0
           +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
           +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
          +.1 < . 1:1(0) ack 1 win 257
           +0 accept(3, ..., ...) = 4

        """;

    private ScriptResult Run(string source)
    {
        var path = Path.Combine(_directory, "t.pkt");
        File.WriteAllText(path, source);
        return PacketdrillSuite.RunFile(path, 4, new Dictionary<string, string>());
    }

    [Fact]
    public void So_sndbuf_on_an_open_connection_doubles_and_limits_the_send_buffer_and_so_error_reads_zero()
    {
        // __sock_set_sndbuf: sk_sndbuf = 2 × 3000; the 6000-byte buffer takes the non-blocking write's first 6000.
        var result = Run(Handshake + """
               +0 setsockopt(4, SOL_SOCKET, SO_SNDBUF, [3000], 4) = 0
               +0 getsockopt(4, SOL_SOCKET, SO_SNDBUF, [6000], [4]) = 0
               +0 getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
               +0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0
               +0 write(4, ..., 10000) = 6000
               +0 > P. 1:6001(6000) ack 1

            """);
        Assert.True(result.Status == ScriptStatus.Pass, result.Reason);
    }

    [Fact]
    public void Send_with_msg_more_waits_without_psh_and_an_unknown_flag_fails_the_script()
    {
        var held = Run(Handshake + """
               +0 setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0
               +0 send(4, ..., 40, MSG_MORE) = 40
             +.05 send(4, ..., 40, MSG_MORE) = 40
             +.01 setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0
               +0 > . 1:81(80) ack 1

            """);
        Assert.True(held.Status == ScriptStatus.Pass, held.Reason);
        var unknown = Run(Handshake + "+0 send(4, ..., 40, MSG_OOB) = 40\n");
        Assert.Equal(ScriptStatus.Fail, unknown.Status);
        Assert.Contains("send() flags MSG_OOB are not supported", unknown.Reason);
    }

    [Fact]
    public void A_null_buffer_faults_a_write_and_a_read_with_data_waiting()
    {
        var result = Run(Handshake + """
               +0 write(4, NULL, 1000) = -1 EFAULT (Bad address)
               +0 < P. 1:11(10) ack 1 win 257
               +0 > . 1:1(0) ack 11
               +0 read(4, NULL, 10) = -1 EFAULT (Bad address)
               +0 read(4, ..., 10) = 10

            """);
        Assert.True(result.Status == ScriptStatus.Pass, result.Reason);
    }

    [Fact]
    public void A_passive_open_with_data_both_ways_passes()
    {
        var result = Run(Handshake + """
               +0 < P. 1:1001(1000) ack 1 win 257
               +0 > . 1:1(0) ack 1001
               +0 ioctl(4, SIOCINQ, [1000]) = 0
               +0 read(4, ..., 600) = 600
               +0 read(4, ..., 600) = 400
               +0 read(4, ..., 600) = -1 EAGAIN (Resource temporarily unavailable)
               +0 getsockopt(4, SOL_TCP, TCP_MAXSEG, [1000], [4]) = 0
               +0 %{ assert tcpi_state == TCP_ESTABLISHED; assert tcpi_snd_mss == 1000 }%
              +.1 write(4, ..., 3000) = 3000
               +0 > P. 1:3001(3000) ack 1001
            """.Replace("+0 read(4, ..., 600) = -1 EAGAIN", "+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n   +0 read(4, ..., 600) = -1 EAGAIN"));
        Assert.True(result.Status == ScriptStatus.Pass, result.Reason);
    }

    [Fact]
    public void Tcp_cork_holds_a_small_write_until_the_cork_is_pulled()
    {
        var result = Run(Handshake + """
               +0 setsockopt(4, SOL_TCP, TCP_CORK, [1], 4) = 0
               +0 getsockopt(4, SOL_TCP, TCP_CORK, [1], [4]) = 0
               +0 write(4, ..., 100) = 100
              +.1 write(4, ..., 200) = 200
              +.1 setsockopt(4, SOL_TCP, TCP_CORK, [0], 4) = 0
               +0 > P. 1:301(300) ack 1
            """);
        Assert.True(result.Status == ScriptStatus.Pass, result.Reason);
    }

    [Fact]
    public void A_wrong_option_fails_at_its_line_with_expected_and_actual()
    {
        var result = Run(Handshake.Replace("wscale 8>", "wscale 6>"));
        Assert.Equal(ScriptStatus.Fail, result.Status);
        Assert.StartsWith("t.pkt:7: error handling packet: live packet field tcp options: expected: <mss 1460,nop,nop,sackOK,nop,wscale 6> vs actual: <mss 1460,nop,nop,sackOK,nop,wscale 8>", result.Reason);
        Assert.Contains("actual packet: 0.000000 S. 0:0(0) ack 1 win", result.Reason);
    }

    [Fact]
    public void A_packet_at_the_wrong_time_is_a_timing_error()
    {
        var result = Run(Handshake.Replace("+0 > S. 0:0(0)", "+.5 > S. 0:0(0)"));
        Assert.Equal(ScriptStatus.Fail, result.Status);
        Assert.StartsWith("t.pkt:7: timing error: expected outbound packet S. 0:0(0) ack 1", result.Reason);
        Assert.Contains("at 0.500000 sec but it happened at 0.000000 sec; tolerance 0.062500 sec", result.Reason);
    }

    [Fact]
    public void A_missing_packet_times_out_and_an_unexpected_one_fails_the_next_outbound_line()
    {
        var missing = Run(Handshake + "+0 > . 1:1(0) ack 1\n");
        Assert.StartsWith("t.pkt:10: error handling packet: timed out waiting for packet: expected . 1:1(0) ack 1", missing.Reason);
        var unexpected = Run(Handshake + "+0 < P. 1:1001(1000) ack 1 win 257\n+.1 write(4, ..., 10) = 10\n+0 > P. 1:11(10) ack 1001\n");
        Assert.Equal(ScriptStatus.Fail, unexpected.Status);
        Assert.Contains("t.pkt:12: timing error", unexpected.Reason);
        Assert.Contains("(actual packet: . 1:1(0) ack 1001 win ", unexpected.Reason);
    }

    [Fact]
    public void A_blocking_accept_returns_when_the_handshake_completes_and_must_do_so_on_time()
    {
        const string blocking = """
            `./defaults.sh`
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 bind(3, ..., ...) = 0
               +0 listen(3, 1) = 0
               +0...0.200 accept(3, ..., ...) = 4
              +.1 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>
               +0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 8>
              +.1 < . 1:1(0) ack 1 win 257
            """;
        Assert.Equal(ScriptStatus.Pass, Run(blocking).Status);
        var late = Run(blocking.Replace("+0...0.200", "+0...0.100"));
        Assert.Equal(ScriptStatus.Fail, late.Status);
        Assert.StartsWith("t.pkt:5: timing error: expected accept() to return at 0.100000 sec but it returned at 0.200000 sec", late.Reason);
        var never = Run(blocking.Replace("+.1 < . 1:1(0) ack 1 win 257", ""));
        Assert.StartsWith("t.pkt:5: accept() expected to return at 0.200000 sec, but it was still blocked by the end of the script", never.Reason);
    }

    [Fact]
    public void Wrong_results_and_errnos_are_runtime_errors()
    {
        var result = Run(Handshake + "+0 read(4, ..., 10) = 10\n".Replace("+0 read", "+0 fcntl(4, F_SETFL, O_NONBLOCK) = 0\n+0 read"));
        Assert.Equal("t.pkt:11: runtime error in read call: expected result 10 but got -1 with errno EAGAIN (Resource temporarily unavailable)", result.Reason);
        var errno = Run(Handshake + "+0 fcntl(4, F_SETFL, O_NONBLOCK) = 0\n+0 read(4, ..., 10) = -1 ECONNRESET (Connection reset by peer)\n");
        Assert.StartsWith("t.pkt:11: runtime error in read call: expected errno ECONNRESET", errno.Reason);
    }

    [Fact]
    public void Close_with_unread_data_resets_and_an_orderly_close_sends_a_fin()
    {
        var reset = Run(Handshake + "+0 < P. 1:1001(1000) ack 1 win 257\n+0 > . 1:1(0) ack 1001\n+.1 close(4) = 0\n+0 > R. 1:1(0) ack 1001\n");
        Assert.True(reset.Status == ScriptStatus.Pass, reset.Reason);
        var orderly = Run(Handshake + "+.1 close(4) = 0\n+0 > F. 1:1(0) ack 1\n");
        Assert.True(orderly.Status == ScriptStatus.Pass, orderly.Reason);
        var wrongFlags = Run(Handshake + "+.1 close(4) = 0\n+0 > R. 1:1(0) ack 1\n");
        Assert.Equal(ScriptStatus.Fail, wrongFlags.Status);
    }

    [Fact]
    public void An_assert_on_an_unreported_field_skips_the_script_and_a_false_one_fails_it()
    {
        var skipped = Run(Handshake + "+0 %{ assert tcpi_busy_time == 1 }%\n");
        Assert.Equal(ScriptStatus.Skip, skipped.Status);
        Assert.Contains("unsupported assert at line 10: 'tcpi_busy_time' is not available", skipped.Reason);
        var failed = Run(Handshake + "+0 %{ assert tcpi_snd_wscale == 9, tcpi_snd_wscale }%\n");
        Assert.Equal("t.pkt:10: assertion failed: assert tcpi_snd_wscale == 9 failed (tcpi_snd_wscale = 7)", failed.Reason);
    }

    [Fact]
    public void A_timed_sysctl_reconfigures_listeners_created_afterwards()
    {
        var result = Run("""
            `./defaults.sh`
               0 `sysctl -q net.ipv4.tcp_ecn=2`
              +0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
              +0 bind(3, ..., ...) = 0
              +0 listen(3, 1) = 0
              +0 < SEW 0:0(0) win 32792 <mss 1000,nop,wscale 7>
              +0 > SE. 0:0(0) ack 1 <mss 1460,nop,wscale 8>
              +0 close(3) = 0
              +0 `sysctl -q net.ipv4.tcp_ecn=0`
              +0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
              +0 bind(3, ..., ...) = 0
              +0 listen(3, 1) = 0
              +0 < SEW 0:0(0) win 32792 <mss 1000,nop,wscale 7>
              +0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 8>
            """);
        Assert.True(result.Status == ScriptStatus.Pass, result.Reason);
    }

    [Fact]
    public void An_unknown_init_sysctl_fails_the_script_before_it_runs()
    {
        var result = Run("`sysctl -q net.ipv4.tcp_imaginary=1`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        Assert.Equal(ScriptStatus.Fail, result.Status);
        Assert.Equal("line 1: init command: sysctl net.ipv4.tcp_imaginary=1: unknown sysctl 'net.ipv4.tcp_imaginary'", result.Reason);
    }
}
