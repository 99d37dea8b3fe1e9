using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Tcp.Congestion;

/// <summary>
/// CUBIC's HyStart (hystart_update in net/ipv4/tcp_cubic.c): slow start ends, ssthresh = cwnd, once cwnd has reached
/// hystart_low_window and either a round's ACKs arrive as a train spanning half the minimum RTT, or at least 8 of
/// its RTT samples all exceed the minimum by an eighth of it (clamped to 4–16 ms).
/// </summary>
public sealed class CubicHystartTests
{
    private const long Rtt = 100_000;

    private static (CubicCongestionControl Cubic, CongestionWindow Window, MibCounters Mib) Start(TcpSysctls? sysctls = null, int cwnd = 16)
    {
        var mib = new MibCounters();
        var cubic = new CubicCongestionControl(sysctls ?? TcpSysctls.Default, mib);
        var window = new CongestionWindow { Cwnd = cwnd };
        cubic.Init(window);
        return (cubic, window, mib);
    }

    /// <summary>One round: <paramref name="count"/> ACKs <paramref name="gapMicros"/> apart, each a sample of <paramref name="rtt"/>.</summary>
    private static long Round(CubicCongestionControl cubic, CongestionWindow window, ref uint una, long now, int count, long gapMicros, long rtt)
    {
        var roundEnd = una + (uint)count;
        for (var i = 0; i < count; i++)
        {
            una++;
            cubic.PacketsAcked(window, 1, rtt, now, new SeqNum(una), new SeqNum(roundEnd));
            now += gapMicros;
        }
        return now;
    }

    [Fact]
    public void A_round_whose_rtt_samples_all_rose_by_more_than_an_eighth_ends_slow_start()
    {
        var (cubic, window, mib) = Start(TcpSysctls.Default with { CubicHystartDetect = 2 });
        uint una = 0;
        var now = Round(cubic, window, ref una, 1_000_000, 12, 5_000, Rtt);
        Assert.False(cubic.HystartFound);

        // 100 ms + clamp(12.5 ms, 4 ms, 16 ms) = 112.5 ms: nine samples of 113 ms in one round are enough.
        Round(cubic, window, ref una, now + Rtt, 9, 5_000, 113_000);

        Assert.True(cubic.HystartFound);
        Assert.Equal(16, window.Ssthresh);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPHystartDelayDetect]);
        Assert.Equal(16, mib[MibCounter.TcpExtTCPHystartDelayCwnd]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPHystartTrainDetect]);
    }

    [Fact]
    public void Samples_below_the_threshold_or_fewer_than_nine_do_not()
    {
        var (cubic, window, _) = Start(TcpSysctls.Default with { CubicHystartDetect = 2 });
        uint una = 0;
        var now = Round(cubic, window, ref una, 1_000_000, 12, 5_000, Rtt);
        now = Round(cubic, window, ref una, now + Rtt, 12, 5_000, 112_000);
        Round(cubic, window, ref una, now + Rtt, 8, 5_000, 130_000);

        Assert.False(cubic.HystartFound);
        Assert.Equal(CongestionWindow.InfiniteSsthresh, window.Ssthresh);
    }

    [Fact]
    public void An_ack_train_longer_than_half_the_minimum_rtt_ends_slow_start()
    {
        var (cubic, window, mib) = Start(TcpSysctls.Default with { CubicHystartDetect = 1 });
        uint una = 0;
        var now = Round(cubic, window, ref una, 1_000_000, 4, 30_000, Rtt);
        Assert.False(cubic.HystartFound);

        // ACKs 1 ms apart (within hystart_ack_delta_us) for more than 50 ms after the round started.
        Round(cubic, window, ref una, now + Rtt, 60, 1_000, Rtt);

        Assert.True(cubic.HystartFound);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPHystartTrainDetect]);
    }

    [Fact]
    public void Below_hystart_low_window_or_with_hystart_off_slow_start_goes_on()
    {
        foreach (var (sysctls, cwnd) in new[] { (TcpSysctls.Default, 15), (TcpSysctls.Default with { CubicHystart = 0 }, 16) })
        {
            var (cubic, window, _) = Start(sysctls, cwnd);
            uint una = 0;
            var now = Round(cubic, window, ref una, 1_000_000, 12, 5_000, Rtt);
            Round(cubic, window, ref una, now + Rtt, 60, 1_000, 130_000);
            Assert.False(cubic.HystartFound);
        }
    }
}
