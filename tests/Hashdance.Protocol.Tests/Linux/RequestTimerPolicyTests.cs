using Hashdance.Protocol.Config;
using Hashdance.Protocol.Linux;

namespace Hashdance.Protocol.Tests.Linux;

public class RequestTimerPolicyTests
{
    private static readonly TcpSysctls D = TcpSysctls.Default;

    /// <summary>Runs one request's timer from t = 0 (first SYN-ACK) until it is dropped.</summary>
    private static (List<double> SynAckTimes, double DropTime) Run(TcpSysctls s, int deferAccept = 0, bool acked = false, int synCount = 0)
    {
        var sent = new List<double> { 0 };
        long now = 0;
        var numTimeout = 0;
        var next = RequestTimerPolicy.TimeoutInitMicros;
        while (true)
        {
            now += next;
            var d = RequestTimerPolicy.OnExpiry(numTimeout, acked, synCount, 1, numTimeout == 0 ? 1 : 0, 128, deferAccept, s);
            if (d.Drop)
                return (sent, now / 1e6);
            if (d.Resend)
                sent.Add(now / 1e6);
            Assert.Equal(numTimeout == 0, d.LeavesYoung);
            Assert.Equal(numTimeout + 1, d.NumTimeout);
            numTimeout = d.NumTimeout;
            next = d.NextTimeoutMicros;
        }
    }

    [Fact]
    public void Default_schedule_is_0_1_3_7_15_31_then_drop_at_63()
    {
        var (times, drop) = Run(D);
        Assert.Equal([0, 1, 3, 7, 15, 31], times);
        Assert.Equal(63, drop);
    }

    [Fact]
    public void Tcp_syncnt_and_synack_retries_change_the_count()
    {
        var (fewer, fewerDrop) = Run(D with { TcpSynackRetries = 2 });
        Assert.Equal([0, 1, 3], fewer);
        Assert.Equal(7, fewerDrop);
        // TCP_SYNCNT 7 on the listener overrides; the 7th period is capped at 120 s (TCP_RTO_MAX).
        var (times, drop) = Run(D, synCount: 7);
        Assert.Equal([0, 1, 3, 7, 15, 31, 63, 127], times);
        Assert.Equal(247, drop);
    }

    [Fact]
    public void Backoff_is_capped_by_tcp_rto_max_ms()
    {
        Assert.Equal(120_000_000, RequestTimerPolicy.Timeout(1_000_000, 7, RequestTimerPolicy.RtoMaxMicros));
        Assert.Equal(64_000_000, RequestTimerPolicy.Timeout(1_000_000, 6, RequestTimerPolicy.RtoMaxMicros));
        Assert.Equal(120_000_000, RequestTimerPolicy.Timeout(1_000_000, 200, RequestTimerPolicy.RtoMaxMicros));
        var (times, drop) = Run(D with { TcpRtoMaxMs = 5000 });
        Assert.Equal([0, 1, 3, 7, 12, 17], times);
        Assert.Equal(22, drop);
    }

    [Theory]
    // 2·qlen ≤ max(8, backlog): no pruning.
    [InlineData(5, 4, 0, 128, 5)]
    [InlineData(5, 64, 0, 128, 5)]
    // Under pressure with no young requests: down to 2.
    [InlineData(5, 65, 0, 128, 2)]
    [InlineData(5, 10, 0, 8, 2)]
    // young·2 > qlen stops at once; young·4 > qlen after one step.
    [InlineData(5, 10, 6, 8, 5)]
    [InlineData(5, 10, 4, 8, 4)]
    [InlineData(5, 10, 2, 8, 3)]
    [InlineData(2, 100, 0, 8, 2)]
    [InlineData(1, 100, 0, 8, 1)]
    public void Pruning_keeps_room_for_young_requests(int maxRetries, int qlen, int young, int backlog, int expected) =>
        Assert.Equal(expected, RequestTimerPolicy.PrunedMaxRetries(maxRetries, qlen, young, backlog));

    [Fact]
    public void Pruned_requests_expire_early()
    {
        var d = RequestTimerPolicy.OnExpiry(numTimeout: 2, acked: false, listenerSynCount: 0, queueLength: 10, youngCount: 0,
            maxAckBacklog: 8, deferAccept: 0, D);
        Assert.True(d.Drop);
        Assert.Equal(2, d.MaxRetries);
    }

    [Fact]
    public void Syn_ack_recalc_cases()
    {
        Assert.Equal((false, true), RequestTimerPolicy.SynAckRecalc(4, 5, 0, acked: true));
        Assert.Equal((true, true), RequestTimerPolicy.SynAckRecalc(5, 5, 0, acked: false));
        // Defer 3, not acked: the normal schedule.
        Assert.Equal((false, true), RequestTimerPolicy.SynAckRecalc(0, 5, 3, acked: false));
        Assert.Equal((true, true), RequestTimerPolicy.SynAckRecalc(5, 5, 3, acked: false));
        // Defer 3, acked: silent until num_timeout reaches defer − 1.
        Assert.Equal((false, false), RequestTimerPolicy.SynAckRecalc(0, 5, 3, acked: true));
        Assert.Equal((false, false), RequestTimerPolicy.SynAckRecalc(1, 5, 3, acked: true));
        Assert.Equal((false, true), RequestTimerPolicy.SynAckRecalc(2, 5, 3, acked: true));
        // Defer longer than the retries keeps an acked request alive.
        Assert.Equal((false, false), RequestTimerPolicy.SynAckRecalc(5, 5, 7, acked: true));
        Assert.Equal((false, true), RequestTimerPolicy.SynAckRecalc(7, 5, 8, acked: true));
        Assert.Equal((true, true), RequestTimerPolicy.SynAckRecalc(8, 5, 8, acked: true));
    }

    [Fact]
    public void Defer_accept_5s_after_bare_ack_resends_only_from_7s()
    {
        // Spec §17 point 7 / S17: D = 3; after the bare ACK the SYN-ACK is held back until ≈7 s; expiry at 63 s.
        var defer = RequestTimerPolicy.SecondsToRetransmits(5);
        Assert.Equal(3, defer);
        var (times, drop) = Run(D, deferAccept: defer, acked: true);
        Assert.Equal([0, 7, 15, 31], times);
        Assert.Equal(63, drop);
        // Without the bare ACK the schedule is the normal one.
        var (normal, normalDrop) = Run(D, deferAccept: defer, acked: false);
        Assert.Equal([0, 1, 3, 7, 15, 31], normal);
        Assert.Equal(63, normalDrop);
    }

    [Fact]
    public void Defer_longer_than_retries_extends_an_acked_request()
    {
        // Resent once num_timeout reaches 6 (t = 127 s); the next period is capped at 120 s; dropped at 7.
        var (times, drop) = Run(D, deferAccept: 7, acked: true);
        Assert.Equal([0, 127], times);
        Assert.Equal(247, drop);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(7, 3)]
    [InlineData(8, 4)]
    [InlineData(63, 6)]
    [InlineData(64, 7)]
    [InlineData(int.MaxValue, 255)]
    public void Seconds_to_retransmits(int seconds, int expected) =>
        Assert.Equal(expected, RequestTimerPolicy.SecondsToRetransmits(seconds));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(7, 127)]
    [InlineData(8, 247)]
    [InlineData(9, 367)]
    public void Retransmits_to_seconds(int retransmits, int expected) =>
        Assert.Equal(expected, RequestTimerPolicy.RetransmitsToSeconds((byte)retransmits));
}
