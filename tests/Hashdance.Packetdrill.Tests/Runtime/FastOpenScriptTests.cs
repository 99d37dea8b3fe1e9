using Hashdance.Packetdrill.Reporting;

namespace Hashdance.Packetdrill.Tests.Runtime;

/// <summary>TCP Fast Open (server side) through the replayer: the socket options, the runners' cookies, TCP_INFO.</summary>
public sealed class FastOpenScriptTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pd-tfo-").FullName;

    public FastOpenScriptTests() =>
        File.WriteAllText(Path.Combine(_directory, "defaults.sh"),
            "sysctl -q net.ipv4.tcp_rmem=\"4096 540000 $((15*1024*1024))\"\nsysctl -q net.ipv4.tcp_timestamps=1\n" +
            "sysctl -q net.ipv4.tcp_fastopen=0x3 net.ipv4.tcp_fastopen_key=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Listener = """
        `./defaults.sh`
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
           +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
           +0 bind(3, ..., ...) = 0
           +0 listen(3, 1) = 0
           +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN, [1], 4) = 0

        """;

    /// <summary>Runs the TFO listener followed by <paramref name="events"/> and requires a pass.</summary>
    private void Passes(string events)
    {
        var path = Path.Combine(_directory, "t.pkt");
        File.WriteAllText(path, Listener + events);
        var result = PacketdrillSuite.RunFile(path, 4, new Dictionary<string, string>());
        Assert.True(result.Status == ScriptStatus.Pass, result.Reason);
    }

    [Fact]
    public void A_cookie_request_is_answered_with_the_cookie_of_the_listeners_own_key()
    {
        Passes("""
               +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, "", 3) = -1 (Invalid Argument)
               +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 16) = 0
               +0 < S 0:0(0) win 32792 <mss 1460,sackOK,nop,nop,FO>
               +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,FO TFO_COOKIE_ZERO,nop,nop>
            """);
    }

    [Fact]
    public void The_child_resends_its_syn_ack_until_the_ack_and_reports_syn_data()
    {
        Passes("""
               +0 < S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO TFO_COOKIE,nop,nop>
               +0 > S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>
               +1 > S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>
               +2 > S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>
              +.1 < . 11:11(0) ack 1 win 32792
               +0 accept(3, ..., ...) = 4
               +0 %{ assert tcpi_state == TCP_ESTABLISHED; assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0; assert tcpi_total_retrans == 2 }%
               +0 read(4, ..., 512) = 10
            """);
    }

    [Fact]
    public void A_child_reset_before_accept_still_gives_its_data_then_the_error()
    {
        Passes("""
               +0 < S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO TFO_COOKIE,nop,nop>
               +0 > S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>
              +.1 < R. 11:11(0) win 257
              +.1 accept(3, ..., ...) = 4
               +0 %{ assert tcpi_state == TCP_CLOSE; assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0 }%
               +0 read(4, ..., 512) = 10
               +0 read(4, ..., 512) = -1 ECONNRESET (Connection reset by peer)
            """);
    }

    [Fact]
    public void Connect_af_unspec_resets_the_child_and_the_socket_can_connect_again()
    {
        Passes("""
               +0 < S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO TFO_COOKIE,nop,nop>
               +0 > S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>
               +0 accept(3, ..., ...) = 4
               +0 %{ assert tcpi_state == TCP_SYN_RECV }%
               +0 connect(4, AF_UNSPEC, ...) = 0
               +0 > R. 1:1(0) ack 11
               +0 %{ assert tcpi_state == TCP_CLOSE }%
               +0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0
               +0 connect(4, ..., ...) = -1 EINPROGRESS (Operation is now in progress)
               +0 > S 0:0(0) <mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 8>
               +0 %{ assert tcpi_state == TCP_SYN_SENT }%
            """);
    }
}
