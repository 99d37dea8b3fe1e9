using Hashdance.Protocol.Mib;
using Xunit.Sdk;

namespace Hashdance.TestKit.Tests.Peer;

/// <summary>The scripted peer remaps sequence numbers as packetdrill does and fails in packetdrill's words.</summary>
public sealed class ScriptedPeerTests : HashdanceTestKit
{
    [Fact]
    public void Seq_and_ack_are_absolute_on_SYNs_and_relative_to_each_ISN_afterwards()
    {
        var listener = Bind(8080);
        Peer.Send("S 1000:1000(0) win 65535 <mss 1460>");
        var synAck = Peer.Expect("S. 0:0(0) ack 1001 win 64240 <mss 1460>");
        Assert.Equal(1001u, synAck.Ack);
        Assert.Equal(synAck.Seq, Peer.Connection.LiveLocalIsn);
        Assert.Equal(1000u, Peer.Connection.RemoteIsn);

        Peer.Send(". 1:1(0) ack 1 win 65535");
        var (_, handler, _) = Accept(listener);
        Peer.Send("P. 1:11(10) ack 1 win 65535");
        var ack = Peer.Expect(". 1:1(0) ack 11 win 64230");
        Assert.Equal((synAck.Seq + 1, 1011u), (ack.Seq, ack.Ack));
        Assert.Equal(new byte[10], Drain(handler));
    }

    [Fact]
    public void Options_written_out_must_match_exactly_and_a_line_without_options_expects_none()
    {
        Bind(8080);
        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        var e = Assert.Throws<PacketExpectationException>(() => Peer.Expect("S. 0:0(0) ack 1 <mss 1400>"));
        Assert.Equal("""
            error handling packet: live packet field tcp options: expected: <mss 1400> vs actual: <mss 1460>
              script packet: S. 0:0(0) ack 1 <mss 1400>
              actual packet: S. 0:0(0) ack 1 win 64240 <mss 1460>
            """.ReplaceLineEndings("\n"), e.Message);

        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        e = Assert.Throws<PacketExpectationException>(() => Peer.Expect("S. 0:0(0) ack 1 win 64240"));
        Assert.StartsWith("error handling packet: live packet field tcp options: expected: (none) vs actual: <mss 1460>", e.Message);
    }

    [Fact]
    public void A_wrong_window_is_reported_with_the_script_and_actual_packet_lines()
    {
        Bind(8080);
        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        var e = Assert.Throws<PacketExpectationException>(() => Peer.Expect("S. 0:0(0) ack 1 win 65535 <...>"));
        Assert.Equal("""
            error handling packet: live packet field tcp_window: expected: 65535 vs actual: 64240
              script packet: S. 0:0(0) ack 1 win 65535 <...>
              actual packet: S. 0:0(0) ack 1 win 64240 <mss 1460>
            """.ReplaceLineEndings("\n"), e.Message);
    }

    [Fact]
    public void Wrong_flags_and_a_silent_stack_are_reported_in_packetdrill_words()
    {
        Bind(8080);
        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        var e = Assert.Throws<PacketExpectationException>(() => Peer.Expect("R. 0:0(0) ack 1 win 0"));
        Assert.StartsWith("error handling packet: live packet field tcp flags: expected: R. vs actual: S.", e.Message);

        e = Assert.Throws<PacketExpectationException>(() => Peer.Expect("R 1:1(0) win 0"));
        Assert.Equal("error handling packet: timed out waiting for packet: expected R 1:1(0) win 0, but the stack sent nothing", e.Message);
        Assert.IsAssignableFrom<XunitException>(e);
    }

    [Fact]
    public void A_SYN_to_a_closed_port_gets_the_stateless_RST()
    {
        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        Peer.Expect("R. 0:0(0) ack 1 win 0");
        AssertCounter(MibCounter.TcpOutRsts, 1);
        AssertCounter(MibCounter.TcpInSegs, 1);
    }

    [Fact]
    public void A_malformed_line_is_an_argument_error_naming_the_line()
    {
        var e = Assert.Throws<ArgumentException>(() => Peer.Send("S 0:0(0) <mss 1460>"));
        Assert.StartsWith("packet line 'S 0:0(0) <mss 1460>': an inbound packet needs a window ('win N')", e.Message);
    }
}
