using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>Byte-for-byte layouts of tcp_options_write, as tabulated in linux-passive-open.md §5.3.</summary>
public sealed class TcpOptionWriterTests
{
    private static readonly TcpTimestamps Ts = new(0x11223344, 0x55667788);

    private static byte[] Write(TcpOptionSet set)
    {
        var buffer = new byte[40];
        var written = TcpOptionWriter.Write(set, buffer);
        Assert.Equal(TcpOptionWriter.Length(set), written);
        Assert.Equal(0, written % 4);
        return buffer[..written];
    }

    [Fact]
    public void Synack_mss_sack_ts_ws()
    {
        var bytes = Write(new TcpOptionSet { Mss = 1460, SackPermitted = true, Timestamps = Ts, WindowScale = 7 });
        Assert.Equal(Convert.FromHexString("020405B4" + "0402080A" + "11223344" + "55667788" + "01030307"), bytes);
        Assert.Equal(10, (20 + bytes.Length) / 4);
    }

    [Fact]
    public void Synack_mss_ts_ws_without_sack()
    {
        var bytes = Write(new TcpOptionSet { Mss = 1460, Timestamps = Ts, WindowScale = 7 });
        Assert.Equal(Convert.FromHexString("020405B4" + "0101080A" + "11223344" + "55667788" + "01030307"), bytes);
    }

    [Fact]
    public void Synack_mss_sack_ws_without_ts()
    {
        var bytes = Write(new TcpOptionSet { Mss = 1460, SackPermitted = true, WindowScale = 10 });
        Assert.Equal(Convert.FromHexString("020405B4" + "01010402" + "0103030A"), bytes);
        Assert.Equal(8, (20 + bytes.Length) / 4);
    }

    [Fact]
    public void Synack_mss_sack_ts_without_ws()
    {
        var bytes = Write(new TcpOptionSet { Mss = 1460, SackPermitted = true, Timestamps = Ts });
        Assert.Equal(Convert.FromHexString("020405B4" + "0402080A" + "11223344" + "55667788"), bytes);
        Assert.Equal(9, (20 + bytes.Length) / 4);
    }

    [Fact]
    public void Synack_mss_only()
    {
        Assert.Equal(Convert.FromHexString("020405B4"), Write(new TcpOptionSet { Mss = 1460 }));
    }

    [Fact]
    public void Established_timestamps_only()
    {
        Assert.Equal(Convert.FromHexString("0101080A" + "11223344" + "55667788"), Write(new TcpOptionSet { Timestamps = Ts }));
    }

    [Fact]
    public void Sack_blocks_follow_timestamps_behind_two_nops()
    {
        var set = new TcpOptionSet { Timestamps = Ts };
        set.AddSackBlock(new SeqNum(0x1000), new SeqNum(0x2000));
        set.AddSackBlock(new SeqNum(0x3000), new SeqNum(0x4000));
        var bytes = Write(set);
        Assert.Equal(Convert.FromHexString("0101080A112233445566778801010512" + "0000100000002000" + "0000300000004000"), bytes);
        Assert.Equal(32, bytes.Length);
    }

    [Fact]
    public void Four_sack_blocks_without_timestamps_fill_36_bytes()
    {
        var set = new TcpOptionSet();
        for (uint i = 0; i < 4; i++) set.AddSackBlock(new SeqNum(i * 10), new SeqNum(i * 10 + 5));
        var bytes = Write(set);
        Assert.Equal(36, bytes.Length);
        Assert.Equal(Convert.FromHexString("01010522"), bytes[..4]);
        Assert.Throws<InvalidOperationException>(() => set.AddSackBlock(default, default));
    }

    [Fact]
    public void Fast_open_cookie_is_padded_with_nops_like_linux()
    {
        var eight = new TcpOptionSet { Mss = 1460 };
        eight.SetFastOpenCookie([1, 2, 3, 4, 5, 6, 7, 8], experimental: false);
        Assert.Equal(Convert.FromHexString("020405B4" + "220A0102030405060708" + "0101"), Write(eight));

        var request = new TcpOptionSet();
        request.SetFastOpenCookie([], experimental: false);
        Assert.Equal(Convert.FromHexString("22020101"), Write(request));

        var four = new TcpOptionSet();
        four.SetFastOpenCookie([9, 8, 7, 6], experimental: false);
        Assert.Equal(Convert.FromHexString("220609080706" + "0101"), Write(four));
    }

    [Fact]
    public void Experimental_fast_open_uses_kind_254_and_magic()
    {
        var set = new TcpOptionSet();
        set.SetFastOpenCookie([1, 2, 3, 4, 5, 6, 7, 8], experimental: true);
        Assert.Equal(Convert.FromHexString("FE0CF989" + "0102030405060708"), Write(set));
        var request = new TcpOptionSet();
        request.SetFastOpenCookie([], experimental: true);
        Assert.Equal(Convert.FromHexString("FE04F989"), Write(request));
    }

    [Fact]
    public void Sack_permitted_alone_is_never_the_first_byte()
    {
        Assert.Equal(Convert.FromHexString("01010402"), Write(new TcpOptionSet { SackPermitted = true }));
    }

    [Fact]
    public void Oversized_sets_are_rejected()
    {
        var set = new TcpOptionSet { Mss = 1460, Timestamps = Ts };
        for (uint i = 0; i < 3; i++) set.AddSackBlock(new SeqNum(i), new SeqNum(i + 1));
        Assert.Equal(44, TcpOptionWriter.Length(set));
        Assert.Throws<ArgumentException>(() => TcpOptionWriter.Write(set, new byte[64]));
        Assert.Throws<ArgumentException>(() => TcpOptionWriter.Write(new TcpOptionSet { Mss = 1 }, new byte[3]));
    }

    [Fact]
    public void Written_syn_options_parse_back_to_the_same_set()
    {
        var set = new TcpOptionSet { Mss = 1460, SackPermitted = true, Timestamps = Ts, WindowScale = 7 };
        set.SetFastOpenCookie([1, 2, 3, 4, 5, 6], experimental: false);
        var parsed = TcpOptions.Parse(Write(set), isSyn: true, TcpParseSettings.Listener);
        Assert.Equal(set, parsed.ToOptionSet());
    }
}
