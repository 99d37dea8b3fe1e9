using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

public sealed class SeqNumTests
{
    private static SeqNum S(uint v) => new(v);

    [Fact]
    public void Before_and_after_wrap_around()
    {
        Assert.True(SeqNum.Before(S(0xFFFF_FFF0), S(0x10)));
        Assert.True(SeqNum.After(S(0x10), S(0xFFFF_FFF0)));
        Assert.False(SeqNum.Before(S(5), S(5)));
        Assert.False(SeqNum.After(S(5), S(5)));
        Assert.True(S(0xFFFF_FFFF) < S(0));
        Assert.True(S(0) > S(0xFFFF_FFFF));
        Assert.True(S(7) <= S(7));
        Assert.True(S(7) >= S(7));
    }

    [Fact]
    public void Half_space_apart_is_ordered_by_sign_of_difference()
    {
        // Exactly 2^31 apart, (s32)(a - b) is INT_MIN both ways, so the kernel's before() holds in both directions.
        Assert.True(SeqNum.Before(S(0x8000_0000), S(0)));
        Assert.True(SeqNum.Before(S(0), S(0x8000_0000)));
        Assert.True(SeqNum.Before(S(0), S(0x7FFF_FFFF)));
    }

    [Fact]
    public void Between_is_inclusive_and_wraps()
    {
        Assert.True(SeqNum.Between(S(10), S(10), S(20)));
        Assert.True(SeqNum.Between(S(20), S(10), S(20)));
        Assert.False(SeqNum.Between(S(21), S(10), S(20)));
        Assert.False(SeqNum.Between(S(9), S(10), S(20)));
        Assert.True(SeqNum.Between(S(2), S(0xFFFF_FFF0), S(5)));
        Assert.True(SeqNum.Between(S(0xFFFF_FFFF), S(0xFFFF_FFF0), S(5)));
        Assert.False(SeqNum.Between(S(6), S(0xFFFF_FFF0), S(5)));
        // between(x, a, a) holds only for x == a.
        Assert.True(SeqNum.Between(S(3), S(3), S(3)));
        Assert.False(SeqNum.Between(S(4), S(3), S(3)));
    }

    [Fact]
    public void Arithmetic_wraps()
    {
        Assert.Equal(S(4), S(0xFFFF_FFFE) + 6);
        Assert.Equal(S(0xFFFF_FFFE), S(4) - 6);
        Assert.Equal(6, S(4) - S(0xFFFF_FFFE));
        Assert.Equal(-6, S(0xFFFF_FFFE) - S(4));
        Assert.Equal(S(1), S(0xFFFF_FFFF) + 2);
        Assert.Equal(S(0x10), SeqNum.Max(S(0xFFFF_FFF0), S(0x10)));
        Assert.Equal(S(0xFFFF_FFF0), SeqNum.Min(S(0xFFFF_FFF0), S(0x10)));
    }

    [Fact]
    public void Random_pairs_agree_with_signed_difference()
    {
        var random = new Random(793);
        for (var i = 0; i < 10_000; i++)
        {
            var a = (uint)random.NextInt64(0, 1L << 32);
            var d = random.Next(int.MinValue + 1, int.MaxValue);
            var b = unchecked(a + (uint)d);
            Assert.Equal(d > 0, SeqNum.Before(S(a), S(b)));
            Assert.Equal(d > 0, SeqNum.After(S(b), S(a)));
            Assert.Equal(d, S(b) - S(a));
        }
    }
}
