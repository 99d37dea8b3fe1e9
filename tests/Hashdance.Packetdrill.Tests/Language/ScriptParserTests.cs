using Hashdance.Packetdrill.Matching;
using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Tests.Infrastructure;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Tests.Language;

public sealed class ScriptParserTests
{
    private static PacketdrillScript Parse(string source)
    {
        Assert.True(ScriptParser.TryParse("test.pkt", source, out var script, out var error), error?.ToString());
        return script;
    }

    private static ScriptParseError ParseError(string source)
    {
        Assert.False(ScriptParser.TryParse("test.pkt", source, out _, out var error));
        return error!;
    }

    [SuiteFact]
    public void Every_visible_script_parses()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var path in SuiteLocation.Scripts())
        {
            count++;
            if (!ScriptParser.TryParseFile(path, out _, out var error)) failures.Add(error!.ToString());
        }
        Assert.True(count > 0, "no packetdrill scripts found");
        Assert.Empty(failures);
    }

    [Fact]
    public void Options_init_events_and_cleanup_are_separated()
    {
        var script = Parse("""
            // comment
            --tolerance_usecs=405000
            --remote_ip="192.0.2.2"
            --strict_segments
            `../common/defaults.sh
             sysctl -q net.ipv4.tcp_ecn=2`
            0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3 /* inline */
            +0 `sysctl -q net.ipv4.tcp_ecn=1`
            `/tmp/sysctl_restore_${PPID}.sh`
            """);
        Assert.Equal(["tolerance_usecs", "remote_ip", "strict_segments"], script.Options.Select(o => o.Name));
        Assert.Equal("405000", script.Option("tolerance_usecs")!.Value);
        Assert.Equal("192.0.2.2", script.Option("remote_ip")!.Value);
        Assert.Null(script.Option("strict_segments")!.Value);
        Assert.Equal("../common/defaults.sh\n sysctl -q net.ipv4.tcp_ecn=2", script.InitCommand!.Text);
        Assert.Equal(5, script.InitCommand.Line);
        Assert.Equal(2, script.Events.Count);
        Assert.Equal(7, script.Events[0].Line);
        var socket = Assert.IsType<SyscallEvent>(script.Events[0].Action);
        Assert.Equal(["SOCK_STREAM", "SOCK_NONBLOCK"], socket.Args[1].Symbols!);
        Assert.Equal(3, socket.Result);
        Assert.Equal(new ShellEvent("sysctl -q net.ipv4.tcp_ecn=1"), script.Events[1].Action);
        Assert.Equal("/tmp/sysctl_restore_${PPID}.sh", script.CleanupCommand!.Text);
    }

    [Theory]
    [InlineData("0.100 close(3) = 0", EventTimeKind.Point, 100_000, false, null, false)]
    [InlineData("+.1 close(3) = 0", EventTimeKind.Point, 100_000, true, null, false)]
    [InlineData("+0...0.200 accept(3, ..., ...) = 4", EventTimeKind.Blocking, 0, true, 200_000L, true)]
    [InlineData("1.5...2 accept(3, ..., ...) = 4", EventTimeKind.Blocking, 1_500_000, false, 2_000_000L, false)]
    [InlineData("+.3~+.400 > F. 1:1(0) ack 1", EventTimeKind.Range, 300_000, true, 400_000L, true)]
    [InlineData("0.35~2.35 > S. 0:0(0) ack 1", EventTimeKind.Range, 350_000, false, 2_350_000L, false)]
    [InlineData("* > F. 1:1(0) ack 12", EventTimeKind.Any, 0, false, null, false)]
    public void Timing_column_forms(string line, EventTimeKind kind, long start, bool relative, long? end, bool endRelative)
    {
        var time = Parse(line).Events[0].Time;
        Assert.Equal(new EventTime(kind, start, relative, end, endRelative), time);
    }

    [Fact]
    public void Tcp_packet_lines_keep_flags_ranges_ack_window_and_options_in_order()
    {
        var script = Parse("""
            0 < S 999000:999040(40) win 32792 <mss 1460,sackOK,TS val 100 ecr 100,nop,wscale 6>
            +0 > S. 1234:1234(0) ack 999001 <...>
            +0 > P. 1:1001(1000) ack 1
            +0 < - 1:1001(1000) win 20000
            +0 < SEW 0:0(0) win 1 <nop,eol,sack 1:2 3:4,FO 3021b9d889017eeb,FOEXP TFO_COOKIE,FO>
            +0 > R 0:0(0) win 0
            """);
        var syn = Assert.IsType<TcpPacketEvent>(script.Events[0].Action);
        Assert.Equal(PacketDirection.Inbound, syn.Direction);
        Assert.Equal(TcpFlags.Syn, syn.Flags);
        Assert.Equal((999000u, 999040u, 40), (syn.StartSeq, syn.EndSeq, syn.PayloadLength));
        Assert.Equal(32792, syn.Window);
        Assert.Null(syn.Ack);
        Assert.Equal("mss 1460,sackOK,TS val 100 ecr 100,nop,wscale 6", string.Join(',', syn.Options!));

        var synAck = Assert.IsType<TcpPacketEvent>(script.Events[1].Action);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(999001u, synAck.Ack);
        Assert.True(synAck.OptionsUnchecked);
        Assert.Null(synAck.Options);
        Assert.Null(synAck.Window);

        var data = Assert.IsType<TcpPacketEvent>(script.Events[2].Action);
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, data.Flags);
        Assert.Null(data.Options);
        Assert.False(data.OptionsUnchecked);

        Assert.Equal(TcpFlags.None, Assert.IsType<TcpPacketEvent>(script.Events[3].Action).Flags);

        var ecn = Assert.IsType<TcpPacketEvent>(script.Events[4].Action);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr, ecn.Flags);
        Assert.Equal("SEW", ecn.FlagsText);
        Assert.Equal("nop,eol,sack 1:2 3:4,FO 3021b9d889017eeb,FOEXP TFO_COOKIE,FO", string.Join(',', ecn.Options!));
        Assert.Null(ecn.Options![5].Cookie);

        var rst = Assert.IsType<TcpPacketEvent>(script.Events[5].Action);
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(0, rst.Window);
    }

    [Fact]
    public void Icmp_lines()
    {
        var script = Parse("""
            0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]
            +.1 < icmp unreachable CODE
            +.1 < [1:1461(1460)] icmp unreachable frag_needed mtu 1200
            +.1 < icmp type_0 code_255
            """);
        Assert.Equal(new IcmpPacketEvent(PacketDirection.Inbound, "unreachable", "frag_needed", 1200, 1, 1461, 1460), script.Events[0].Action);
        Assert.Equal(new IcmpPacketEvent(PacketDirection.Inbound, "unreachable", "CODE", null, null, null, null), script.Events[1].Action);
        // The 2013 scripts' form names the quoted segment first.
        Assert.Equal(new IcmpPacketEvent(PacketDirection.Inbound, "unreachable", "frag_needed", 1200, 1, 1461, 1460), script.Events[2].Action);
        Assert.Equal(new IcmpPacketEvent(PacketDirection.Inbound, "type_0", "code_255", null, null, null, null), script.Events[3].Action);
    }

    [Theory]
    [InlineData("echo_reply", 0)]
    [InlineData("unreachable", 3)]
    [InlineData("source_quench", 4)]
    [InlineData("time_exceeded", 11)]
    [InlineData("address_mask_reply", 18)]
    [InlineData("type_42", 42)]
    public void Icmp_type_names_and_numbers(string name, byte expected)
    {
        Assert.True(InboundFrames.TryIcmpType(name, out var type));
        Assert.Equal(expected, type);
    }

    [Fact]
    public void Icmp_codes_by_name_only_for_destination_unreachable_and_by_number_for_any_type()
    {
        Assert.True(InboundFrames.TryIcmpCode(3, "frag_needed", out var code));
        Assert.Equal(4, code);
        Assert.False(InboundFrames.TryIcmpCode(11, "frag_needed", out _));
        Assert.True(InboundFrames.TryIcmpCode(11, "code_1", out code));
        Assert.Equal(1, code);
        Assert.False(InboundFrames.TryIcmpType("nonsense", out _));
        Assert.False(InboundFrames.TryIcmpCode(3, "code_256", out _));
    }

    [Fact]
    public void System_call_arguments_results_errnos_and_notes()
    {
        var script = Parse("""
            0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0
            +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, "\xa1\x01z", 16) = 0
            +0 getsockopt(4, SOL_TCP, TCP_MAXSEG, [1100], [4]) = 0
            +0 write(4, ..., 100) = -1 ECONNRESET(Connection reset by peer)
            +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, "", 3) = -1 (Invalid Argument)
            +0 accept(3, ..., ...) = -1 EWOULDBLOCK (operation would block)
            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            """);
        var linger = Assert.IsType<SyscallEvent>(script.Events[0].Action);
        Assert.Equal([("onoff", 1L), ("linger", 0L)], linger.Args[3].Fields!);
        Assert.Equal(8, linger.Args[4].Integer);
        var key = Assert.IsType<SyscallEvent>(script.Events[1].Action);
        Assert.Equal(new byte[] { 0xa1, 0x01, (byte)'z' }, key.Args[3].Bytes);
        var maxseg = Assert.IsType<SyscallEvent>(script.Events[2].Action);
        Assert.Equal(1100, maxseg.Args[3].Elements![0].Integer);
        var write = Assert.IsType<SyscallEvent>(script.Events[3].Action);
        Assert.Equal((-1L, "ECONNRESET", "Connection reset by peer"), (write.Result, write.Errno, write.Note));
        Assert.Equal(SyscallArgKind.Ellipsis, write.Args[1].Kind);
        var invalid = Assert.IsType<SyscallEvent>(script.Events[4].Action);
        Assert.Equal((-1L, (string?)null, "Invalid Argument"), (invalid.Result, invalid.Errno, invalid.Note));
        Assert.Equal("EWOULDBLOCK", Assert.IsType<SyscallEvent>(script.Events[5].Action).Errno);
    }

    [Fact]
    public void Python_blocks_span_lines()
    {
        var script = Parse("""
            0 %{ assert tcpi_snd_mss == 1460 - 12, tcpi_snd_mss; \
                 assert (tcpi_options & TCPI_OPT_ECN) == 0, tcpi_options
            }%
            +0 close(3) = 0
            """);
        var python = Assert.IsType<PythonEvent>(script.Events[0].Action);
        Assert.Contains("TCPI_OPT_ECN", python.Code);
        Assert.Equal(4, script.Events[1].Line);
    }

    [Theory]
    [InlineData("0 < S 0:0(0) <mss 1460>", 1, "an inbound packet needs a window")]
    [InlineData("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0 < S 0:10(5) win 1", 2, "inconsistent sequence range 0:10(5)")]
    [InlineData("0 < S 0:0(0) win 1 <...>", 1, "'<...>' is not allowed on inbound packets")]
    [InlineData("0 > S. 0:0(0) ack 1 <mss 1460,bogus 3>", 1, "unknown TCP option 'bogus'")]
    [InlineData("0 > SQ 0:0(0)", 1, "unknown TCP flags 'SQ'")]
    [InlineData("* close(3) = 0", 1, "only allowed on outbound packets")]
    [InlineData("0 close(3) = 0\n\n`unterminated", 3, "unterminated back-quoted command")]
    [InlineData("0 close(3)", 1, "expected '=' before the result")]
    [InlineData("0 close(3) = 0 /* open", 1, "unterminated /* comment")]
    [InlineData("// only a comment", 1, "the script has no events")]
    public void Syntax_errors_name_the_line(string source, int line, string message)
    {
        var error = ParseError(source);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
    }
}
