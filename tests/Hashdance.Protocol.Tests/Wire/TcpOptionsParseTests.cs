using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>Edge cases of tcp_parse_options (net/ipv4/tcp_input.c), one rule per test.</summary>
public sealed class TcpOptionsParseTests
{
    private static readonly TcpParseSettings Listener = TcpParseSettings.Listener;

    private static TcpOptions Syn(params byte[] options) => TcpOptions.Parse(options, isSyn: true, Listener);

    [Fact]
    public void Linux_syn_options_parse_completely()
    {
        // mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7
        var o = Syn(0x02, 0x04, 0x05, 0xB4, 0x04, 0x02, 0x08, 0x0A, 0, 0, 0, 1, 0, 0, 0, 0, 0x01, 0x03, 0x03, 0x07);
        Assert.Equal(1460, o.Mss);
        Assert.True(o.SackPermitted);
        Assert.True(o.SawTimestamp);
        Assert.Equal(1u, o.TsVal);
        Assert.Equal(0u, o.TsEcr);
        Assert.True(o.WindowScaleOk);
        Assert.Equal(7, o.WindowScale);
        Assert.False(o.WindowScaleClamped);
        Assert.False(o.SawUnknown);
        Assert.Equal(TcpOptionReaderStatus.Complete, o.Status);
    }

    [Fact]
    public void Zero_length_option_stops_parsing_but_keeps_earlier_options()
    {
        var o = Syn(0x02, 0x04, 0x05, 0xB4, 0x03, 0x00, 0x01, 0x04, 0x02, 0x00);
        Assert.Equal(1460, o.Mss);
        Assert.False(o.SackPermitted);
        Assert.Equal(TcpOptionReaderStatus.BadLength, o.Status);
    }

    [Fact]
    public void Length_one_option_is_silly_and_stops()
    {
        var o = Syn(0x04, 0x01, 0x02, 0x04, 0x05, 0xB4);
        Assert.Equal(0, o.Mss);
        Assert.Equal(TcpOptionReaderStatus.BadLength, o.Status);
    }

    [Fact]
    public void Length_beyond_remaining_stops_without_parsing_the_partial_option()
    {
        var o = Syn(0x04, 0x02, 0x08, 0x0A, 0, 0, 0, 1, 0, 0, 0);
        Assert.True(o.SackPermitted);
        Assert.False(o.SawTimestamp);
        Assert.Equal(TcpOptionReaderStatus.LengthBeyondEnd, o.Status);
    }

    [Fact]
    public void Lone_last_byte_of_a_multibyte_kind_stops()
    {
        var o = Syn(0x01, 0x01, 0x01, 0x02);
        Assert.Equal(TcpOptionReaderStatus.MissingLength, o.Status);
    }

    [Fact]
    public void Eol_ends_parsing_even_if_options_follow()
    {
        var o = Syn(0x00, 0x02, 0x04, 0x05, 0xB4);
        Assert.Equal(0, o.Mss);
        Assert.Equal(TcpOptionReaderStatus.EndOfList, o.Status);
    }

    [Fact]
    public void Mss_zero_is_ignored_and_raw_value_is_not_clamped()
    {
        Assert.Equal(0, Syn(0x02, 0x04, 0x00, 0x00).Mss);
        Assert.Equal(65535, Syn(0x02, 0x04, 0xFF, 0xFF).Mss);
    }

    [Fact]
    public void Mss_with_wrong_length_is_ignored_but_walk_continues()
    {
        var o = Syn(0x02, 0x05, 0x05, 0xB4, 0x00, 0x04, 0x02, 0x01);
        Assert.Equal(0, o.Mss);
        Assert.True(o.SackPermitted);
        Assert.False(o.SawUnknown);
    }

    [Fact]
    public void Window_scale_above_14_is_clamped_and_recorded()
    {
        var o = Syn(0x01, 0x03, 0x03, 20);
        Assert.True(o.WindowScaleOk);
        Assert.Equal(14, o.WindowScale);
        Assert.True(o.WindowScaleClamped);
        var exact = Syn(0x01, 0x03, 0x03, 14);
        Assert.Equal(14, exact.WindowScale);
        Assert.False(exact.WindowScaleClamped);
    }

    [Fact]
    public void Syn_only_options_are_ignored_on_non_syn_segments()
    {
        byte[] options = [0x02, 0x04, 0x05, 0xB4, 0x01, 0x03, 0x03, 0x07, 0x04, 0x02, 0x01, 0x01];
        var o = TcpOptions.Parse(options, isSyn: false, Listener);
        Assert.Equal(0, o.Mss);
        Assert.False(o.WindowScaleOk);
        Assert.False(o.SackPermitted);
        Assert.False(o.SawUnknown);
    }

    [Fact]
    public void Syn_only_options_are_ignored_in_the_established_parse_even_on_a_syn()
    {
        byte[] options = [0x02, 0x04, 0x05, 0xB4, 0x01, 0x03, 0x03, 0x07, 0x04, 0x02, 0x01, 0x01];
        var o = TcpOptions.Parse(options, isSyn: true, TcpParseSettings.ForEstablished(timestampsOk: true, sackOk: true));
        Assert.Equal(0, o.Mss);
        Assert.False(o.WindowScaleOk);
        Assert.False(o.SackPermitted);
    }

    [Fact]
    public void Sysctls_gate_ws_sack_and_timestamps_in_the_syn_parse()
    {
        byte[] options = [0x02, 0x04, 0x05, 0xB4, 0x04, 0x02, 0x08, 0x0A, 0, 0, 0, 9, 0, 0, 0, 0, 0x01, 0x03, 0x03, 0x07];
        var off = TcpOptions.Parse(options, isSyn: true, Listener with { WindowScaling = false, Sack = false, Timestamps = false });
        Assert.Equal(1460, off.Mss);
        Assert.False(off.WindowScaleOk);
        Assert.False(off.SackPermitted);
        Assert.False(off.SawTimestamp);
    }

    [Fact]
    public void Established_timestamps_depend_on_tstamp_ok_not_on_the_sysctl()
    {
        byte[] options = [0x01, 0x01, 0x08, 0x0A, 0, 0, 0, 9, 0, 0, 0, 8];
        var negotiated = TcpParseSettings.ForEstablished(timestampsOk: true, sackOk: false) with { Timestamps = false };
        Assert.True(TcpOptions.Parse(options, false, negotiated).SawTimestamp);
        var notNegotiated = TcpParseSettings.ForEstablished(timestampsOk: false, sackOk: false);
        Assert.False(TcpOptions.Parse(options, false, notNegotiated).SawTimestamp);
        var o = TcpOptions.Parse(options, false, negotiated);
        Assert.Equal(9u, o.TsVal);
        Assert.Equal(8u, o.TsEcr);
    }

    [Fact]
    public void Timestamp_with_wrong_length_is_ignored()
    {
        var o = Syn(0x08, 0x08, 0, 0, 0, 1, 0, 0);
        Assert.False(o.SawTimestamp);
    }

    [Fact]
    public void Sack_blocks_are_read_when_sack_ok()
    {
        byte[] options = [0x01, 0x01, 0x05, 0x12, 0, 0, 0, 10, 0, 0, 0, 20, 0xFF, 0xFF, 0xFF, 0xF0, 0, 0, 0, 5];
        var o = TcpOptions.Parse(options, false, TcpParseSettings.ForEstablished(false, sackOk: true));
        Assert.Equal(2, o.SackBlockCount);
        Assert.Equal(new TcpSackBlock(new SeqNum(10), new SeqNum(20)), o.SackBlocks[0]);
        Assert.Equal(new TcpSackBlock(new SeqNum(0xFFFF_FFF0), new SeqNum(5)), o.SackBlocks[1]);
    }

    [Fact]
    public void Sack_blocks_need_sack_ok_and_a_valid_length()
    {
        byte[] ok = [0x05, 0x0A, 0, 0, 0, 1, 0, 0, 0, 2];
        Assert.Equal(0, TcpOptions.Parse(ok, false, TcpParseSettings.ForEstablished(false, sackOk: false)).SackBlockCount);
        byte[] badLength = [0x05, 0x0B, 0, 0, 0, 1, 0, 0, 0, 2, 0];
        Assert.Equal(0, TcpOptions.Parse(badLength, false, TcpParseSettings.ForEstablished(false, sackOk: true)).SackBlockCount);
        byte[] tooShort = [0x05, 0x02];
        Assert.Equal(0, TcpOptions.Parse(tooShort, false, TcpParseSettings.ForEstablished(false, sackOk: true)).SackBlockCount);
    }

    [Fact]
    public void Sack_permitted_earlier_in_the_same_syn_enables_sack_blocks()
    {
        byte[] options = [0x04, 0x02, 0x05, 0x0A, 0, 0, 0, 1, 0, 0, 0, 2];
        Assert.Equal(1, Syn(options).SackBlockCount);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4, 4)]
    [InlineData(8, 8)]
    [InlineData(16, 16)]
    [InlineData(2, -1)]
    [InlineData(18, -1)]
    public void Fast_open_cookie_lengths(int cookieLength, int expected)
    {
        var options = new byte[2 + cookieLength];
        options[0] = 34;
        options[1] = (byte)(2 + cookieLength);
        for (var i = 0; i < cookieLength; i++) options[2 + i] = (byte)(0xA0 + i);
        var o = Syn(options);
        Assert.True(o.SawFastOpen);
        Assert.Equal(expected, o.FastOpenCookieLength);
        Assert.False(o.FastOpenExperimental);
        var copy = new byte[16];
        Assert.Equal(Math.Max(expected, 0), o.CopyFastOpenCookie(copy));
        if (expected > 0) Assert.Equal(options[2..], copy[..expected]);
    }

    [Fact]
    public void Fast_open_odd_length_or_non_syn_is_ignored()
    {
        Assert.False(Syn(34, 7, 1, 2, 3, 4, 5).SawFastOpen);
        Assert.False(TcpOptions.Parse([34, 6, 1, 2, 3, 4], false, Listener).SawFastOpen);
        Assert.False(TcpOptions.Parse([34, 6, 1, 2, 3, 4], true, Listener with { FastOpen = false }).SawFastOpen);
    }

    [Fact]
    public void Experimental_fast_open_needs_the_magic()
    {
        var o = Syn(254, 8, 0xF9, 0x89, 1, 2, 3, 4);
        Assert.True(o.SawFastOpen);
        Assert.True(o.FastOpenExperimental);
        Assert.Equal(4, o.FastOpenCookieLength);
        Assert.False(o.SawUnknown);
        var request = Syn(254, 4, 0xF9, 0x89);
        Assert.Equal(0, request.FastOpenCookieLength);
        var other = Syn(254, 6, 0x12, 0x34, 1, 2);
        Assert.False(other.SawFastOpen);
        Assert.True(other.SawUnknown);
    }

    [Fact]
    public void Md5_ao_accecn_and_unknown_kinds_are_noted()
    {
        var md5 = new byte[20];
        md5[0] = 1; md5[1] = 1; md5[2] = 19; md5[3] = 18;
        Assert.True(TcpOptions.Parse(md5, false, Listener).SawMd5);
        Assert.True(Syn(29, 4, 1, 2).SawAo);
        Assert.Equal(2, Syn(1, 1, 172, 2).AccEcnOffset);
        Assert.Equal(-1, Syn(1, 1).AccEcnOffset);
        var unknown = Syn(99, 3, 0, 0x02, 0x04, 0x05, 0xB4);
        Assert.True(unknown.SawUnknown);
        Assert.Equal(1460, unknown.Mss);
    }
}
