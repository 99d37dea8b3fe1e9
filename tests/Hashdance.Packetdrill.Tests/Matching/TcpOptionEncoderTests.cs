using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Matching;

namespace Hashdance.Packetdrill.Tests.Matching;

public sealed class TcpOptionEncoderTests
{
    private static EncodedOptions Encode(params TcpOptionSpec[] options)
    {
        Assert.True(TcpOptionEncoder.TryEncode(options, s => s, edge => edge + 100, out var encoded, out var error), error);
        return encoded;
    }

    [Fact]
    public void Options_are_written_in_the_given_order_with_their_rfc_layouts()
    {
        var encoded = Encode(
            new TcpOptionSpec(TcpOptionSpecKind.Mss, 1460), new TcpOptionSpec(TcpOptionSpecKind.SackPermitted),
            new TcpOptionSpec(TcpOptionSpecKind.Timestamp, 100, 0), new TcpOptionSpec(TcpOptionSpecKind.Nop),
            new TcpOptionSpec(TcpOptionSpecKind.WindowScale, 7));
        Assert.Equal(new byte[] { 2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 100, 0, 0, 0, 0, 1, 3, 3, 7 }, encoded.Bytes);
        Assert.Equal(8, encoded.TimestampOffset);
    }

    [Fact]
    public void Sack_edges_are_mapped_and_fast_open_requests_are_empty()
    {
        var encoded = Encode(new TcpOptionSpec(TcpOptionSpecKind.Sack, SackBlocks: [(1, 2)]), new TcpOptionSpec(TcpOptionSpecKind.FastOpen), new TcpOptionSpec(TcpOptionSpecKind.FastOpenExperimental));
        Assert.Equal(new byte[] { 5, 10, 0, 0, 0, 101, 0, 0, 0, 102, 34, 2, 254, 4, 0xF9, 0x89 }, encoded.Bytes);
        Assert.Equal(-1, encoded.TimestampOffset);
    }

    [Fact]
    public void A_cookie_that_is_not_hex_or_options_over_40_bytes_are_errors()
    {
        Assert.False(TcpOptionEncoder.TryEncode([new TcpOptionSpec(TcpOptionSpecKind.FastOpen, Cookie: "UNDEFINED")], s => s, e => e, out _, out var error));
        Assert.Contains("not hex", error);
        var many = Enumerable.Repeat(new TcpOptionSpec(TcpOptionSpecKind.Mss, 1), 11).ToArray();
        Assert.False(TcpOptionEncoder.TryEncode(many, s => s, e => e, out _, out error));
        Assert.Contains("at most 40", error);
    }

    [Fact]
    public void Live_options_print_in_packetdrill_notation()
    {
        byte[] options = [2, 4, 5, 0xb4, 1, 1, 4, 2, 1, 3, 3, 8, 8, 10, 0, 0, 1, 0, 0, 0, 0, 5, 34, 4, 0xab, 0xcd];
        Assert.Equal("<mss 1460,nop,nop,sackOK,nop,wscale 8,TS val 256 ecr 5,FO abcd>", TcpOptionText.Format(options));
        Assert.Equal("<TS val 6 ecr 5>", TcpOptionText.Format(options.AsSpan(12, 10), v => v - 250));
        Assert.Equal("<mss 1460,<malformed option at byte 4>>", TcpOptionText.Format([2, 4, 5, 0xb4, 8, 40]));
    }
}
