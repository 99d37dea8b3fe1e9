using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Linux;

public class FastOpenCookieTests
{
    // packetdrill's runner addresses: the SYN comes from remote 192.0.2.1 (saddr) to local 192.168.0.1 (daddr).
    private static readonly Ipv4Address Remote = RunnerAddresses.Remote;
    private static readonly Ipv4Address Local = RunnerAddresses.Local;

    private static string CookieHex(FastOpenKey key, Ipv4Address saddr, Ipv4Address daddr)
    {
        Span<byte> cookie = stackalloc byte[FastOpenCookie.Size];
        FastOpenCookie.Write(key.Primary, saddr, daddr, cookie);
        return Convert.ToHexStringLower(cookie);
    }

    [Fact]
    public void Packetdrill_key_gives_linux_cookie()
    {
        var key = FastOpenKey.Parse("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4");
        Assert.Equal("3021b9d889017eeb", CookieHex(key, Remote, Local));
        // The direction matters: hashing local → remote gives something else.
        Assert.NotEqual("3021b9d889017eeb", CookieHex(key, Local, Remote));
    }

    [Fact]
    public void All_zero_key_gives_linux_cookie()
    {
        var key = FastOpenKey.Parse("00000000-00000000-00000000-00000000");
        Assert.Equal("b7c12350a90dc8f5", CookieHex(key, Remote, Local));
        Assert.Equal("b7c12350a90dc8f5", CookieHex(new FastOpenKey(SipHashKey.Zero), Remote, Local));
    }

    [Fact]
    public void Sysctl_words_become_little_endian_key_bytes()
    {
        var key = FastOpenKey.Parse("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4");
        Assert.Equal(0xb2b2b2b2_a1a1a1a1UL, key.Primary.K0);
        Assert.Equal(0xd4d4d4d4_c3c3c3c3UL, key.Primary.K1);
        Assert.Null(key.Backup);

        var words = FastOpenKey.Parse("01020304-05060708-090a0b0c-0d0e0f10");
        Span<byte> bytes = stackalloc byte[16];
        words.Primary.WriteBytes(bytes);
        Assert.Equal("04030201080706050c0b0a09100f0e0d", Convert.ToHexStringLower(bytes));

        // setsockopt(TCP_FASTOPEN_KEY) bytes are the same 16 bytes.
        Assert.True(FastOpenKey.TryFromBytes(bytes, out var fromBytes));
        Assert.Equal(words, fromBytes);
        Assert.False(FastOpenKey.TryFromBytes(bytes[..3], out _));
    }

    [Fact]
    public void Key_text_round_trips_in_proc_format()
    {
        Assert.Equal("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", FastOpenKey.Parse("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4").ToString());
        Assert.Equal("00000001-00000abc-00000000-ffffffff", FastOpenKey.Parse("1-0xABC-0-ffffffff").ToString());
        var both = FastOpenKey.Parse("1-2-3-4,5-6-7-8");
        Assert.Equal("00000001-00000002-00000003-00000004,00000005-00000006-00000007-00000008", both.ToString());
        Assert.Equal(FastOpenKey.KeyFromWords(5, 6, 7, 8), both.Backup);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a1a1a1a1-b2b2b2b2-c3c3c3c3")]
    [InlineData("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4-e5")]
    [InlineData("a1a1a1a1-b2b2b2b2-c3c3c3c3-xyz")]
    [InlineData("123456789-0-0-0")]
    [InlineData("1-2-3-4,5-6-7-8,9-10-11-12")]
    public void Bad_key_text_is_rejected_with_a_reason(string text)
    {
        Assert.False(FastOpenKey.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Check_accepts_primary_and_backup_only_for_8_byte_cookies()
    {
        var primary = FastOpenKey.KeyFromWords(1, 2, 3, 4);
        var backup = FastOpenKey.KeyFromWords(5, 6, 7, 8);
        var keys = new FastOpenKey(primary, backup);
        Span<byte> cookie = stackalloc byte[8];

        FastOpenCookie.Write(primary, Remote, Local, cookie);
        Assert.Equal(1, FastOpenCookie.Check(cookie, keys, Remote, Local));
        Assert.Equal(0, FastOpenCookie.Check(cookie[..4], keys, Remote, Local));
        Assert.Equal(0, FastOpenCookie.Check(cookie, keys, Ipv4Address.Parse("192.0.2.9"), Local));

        FastOpenCookie.Write(backup, Remote, Local, cookie);
        Assert.Equal(2, FastOpenCookie.Check(cookie, keys, Remote, Local));
        Assert.Equal(0, FastOpenCookie.Check(cookie, new FastOpenKey(primary), Remote, Local));
    }
}
