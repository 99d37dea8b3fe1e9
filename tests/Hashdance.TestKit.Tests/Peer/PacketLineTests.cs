using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Matching;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Tests.Peer;

/// <summary>The compact notation is packetdrill's packet-line grammar, read by its parser.</summary>
public sealed class PacketLineTests
{
    [Fact]
    public void An_inbound_SYN_line_gives_its_flags_sequence_window_and_options()
    {
        Assert.True(ScriptParser.TryParsePacketLine("S 0:0(0) win 65535 <mss 1460>", PacketDirection.Inbound, out var packet, out _));
        Assert.Equal(TcpFlags.Syn, packet.Flags);
        Assert.Equal((0u, 0u, 0), (packet.StartSeq, packet.EndSeq, packet.PayloadLength));
        Assert.Null(packet.Ack);
        Assert.Equal(65535, packet.Window);
        Assert.Equal([new TcpOptionSpec(TcpOptionSpecKind.Mss, 1460)], packet.Options!);
        Assert.False(packet.OptionsUnchecked);
    }

    [Fact]
    public void An_outbound_line_with_ellipsis_options_leaves_them_unchecked_and_the_window_open()
    {
        Assert.True(ScriptParser.TryParsePacketLine("S. 0:0(0) ack 1 <...>", PacketDirection.Outbound, out var packet, out _));
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, packet.Flags);
        Assert.Equal(1u, packet.Ack);
        Assert.Null(packet.Window);
        Assert.Null(packet.Options);
        Assert.True(packet.OptionsUnchecked);
    }

    [Theory]
    [InlineData("S 0:0(0) <mss 1460>", PacketDirection.Inbound, "an inbound packet needs a window ('win N')")]
    [InlineData(". 1:1(0) ack 1 win 100 <...>", PacketDirection.Inbound, "'<...>' is not allowed on inbound packets")]
    [InlineData("P. 1:11(9) ack 1 win 100", PacketDirection.Inbound, "inconsistent sequence range 1:11(9): end - start must equal the length")]
    [InlineData("Q 0:0(0) win 100", PacketDirection.Inbound, "unknown TCP flags 'Q'")]
    public void A_malformed_line_is_refused_with_the_parsers_reason(string line, PacketDirection direction, string reason)
    {
        Assert.False(ScriptParser.TryParsePacketLine(line, direction, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Theory]
    [InlineData("P. 1:11(10) ack 1 win 502 <nop,nop,TS val 100 ecr 5>")]
    [InlineData("S. 0:0(0) ack 1 <...>")]
    [InlineData("R 1:1(0) win 0")]
    public void A_parsed_line_prints_back_as_written(string line)
    {
        Assert.True(ScriptParser.TryParsePacketLine(line, PacketDirection.Outbound, out var packet, out _));
        Assert.Equal(line, PacketLineText.Format(packet));
    }
}
