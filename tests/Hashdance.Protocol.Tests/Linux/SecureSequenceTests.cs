using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Linux;

public class SecureSequenceTests
{
    private static readonly Ipv4Address Local = RunnerAddresses.Local;
    private static readonly Ipv4Address Remote = RunnerAddresses.Remote;
    private static readonly SipHashKey NetSecret = new(0x0123456789abcdefUL, 0xfedcba9876543210UL);
    private static readonly SipHashKey TsSecret = new(0x1111111111111111UL, 0x2222222222222222UL);

    [Fact]
    public void Isn_is_siphash_of_the_kernel_memory_layout_plus_clock()
    {
        var seq = new SecureSequence(NetSecret, TsSecret);
        // On x86-64 Linux siphash_3u32 sees the bytes: saddr, daddr, then the u32 (sport<<16|dport) of __be16 values
        // stored little-endian, i.e. dport's wire bytes followed by sport's.
        byte[] layout = [192, 168, 0, 1, 192, 0, 2, 1, 0xC3, 0x50, 0x1F, 0x90]; // dport 50000, sport 8080
        var expectedHash = (uint)SipHash.Hash(layout, NetSecret);

        Assert.Equal(expectedHash, seq.InitialSequence(Local, Remote, 8080, 50000, 0));
        Assert.Equal(unchecked(expectedHash + 1000u), seq.InitialSequence(Local, Remote, 8080, 50000, 64_000));
        Assert.Equal(unchecked(expectedHash + 1000u), seq.InitialSequence(Local, Remote, 8080, 50000, 64_063));
    }

    [Fact]
    public void Clock_term_ticks_every_64_ns_and_wraps()
    {
        Assert.Equal(5u, SecureSequence.ScaleSequence(5, 63));
        Assert.Equal(6u, SecureSequence.ScaleSequence(5, 64));
        // 2^38 ns (~274.9 s) is exactly one wrap of the 32-bit sequence space.
        Assert.Equal(5u, SecureSequence.ScaleSequence(5, 1L << 38));
        Assert.Equal(4u, SecureSequence.ScaleSequence(uint.MaxValue, 5 * 64));
    }

    [Fact]
    public void Isn_depends_on_every_tuple_member()
    {
        var seq = new SecureSequence(7);
        var isn = seq.InitialSequence(Local, Remote, 8080, 50000, 0);
        Assert.NotEqual(isn, seq.InitialSequence(Local, Remote, 8080, 50001, 0));
        Assert.NotEqual(isn, seq.InitialSequence(Local, Remote, 8081, 50000, 0));
        Assert.NotEqual(isn, seq.InitialSequence(Remote, Local, 8080, 50000, 0));
        Assert.Equal(isn, new SecureSequence(7).InitialSequence(Local, Remote, 8080, 50000, 0));
        Assert.NotEqual(isn, new SecureSequence(8).InitialSequence(Local, Remote, 8080, 50000, 0));
    }

    [Fact]
    public void Ts_offset_follows_tcp_timestamps_mode()
    {
        var seq = new SecureSequence(NetSecret, TsSecret);
        byte[] layout = [192, 168, 0, 1, 192, 0, 2, 1];
        var expected = (uint)SipHash.Hash(layout, TsSecret);

        Assert.Equal(expected, seq.TimestampOffset(Local, Remote, tcpTimestamps: 1));
        Assert.Equal(0u, seq.TimestampOffset(Local, Remote, tcpTimestamps: 2));
        Assert.Equal(0u, seq.TimestampOffset(Local, Remote, tcpTimestamps: 0));
        Assert.NotEqual(expected, seq.TimestampOffset(Remote, Local, tcpTimestamps: 1));
    }
}
