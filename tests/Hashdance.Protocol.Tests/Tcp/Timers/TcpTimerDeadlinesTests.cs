using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>
/// The per-socket timer multiplexer: one wake-up, scheduled only when the earliest deadline moves earlier; due kinds
/// taken by jiffy, then in the documented order, whatever the order they were armed in.
/// </summary>
public class TcpTimerDeadlinesTests
{
    private const long T0 = 1_000_000_000; // a whole jiffy

    [Fact]
    public void The_first_deadline_and_only_earlier_ones_ask_for_a_wake_up()
    {
        var timers = new TcpTimerDeadlines();

        Assert.True(timers.Arm(TcpTimer.Retransmit, T0 + 200_000));
        Assert.Equal(T0 + 200_000, timers.WakeAt);
        // The RTO pushed on by the next ACKs: recorded, no new wake-up.
        for (var ack = 1; ack <= 100; ack++) Assert.False(timers.Arm(TcpTimer.Retransmit, T0 + 200_000 + ack * 1000));
        Assert.Equal(T0 + 200_000, timers.WakeAt);
        Assert.Equal(T0 + 300_000, timers.DeadlineOf(TcpTimer.Retransmit));
        // The delayed ACK comes before the pending wake-up: it replaces it.
        Assert.True(timers.Arm(TcpTimer.DelayedAck, T0 + 40_000));
        Assert.Equal(T0 + 40_000, timers.WakeAt);
        // Cancelling leaves the wake-up pending (inet_csk_clear_xmit_timer).
        timers.Cancel(TcpTimer.DelayedAck);
        Assert.Null(timers.DeadlineOf(TcpTimer.DelayedAck));
        Assert.Equal(T0 + 40_000, timers.WakeAt);
    }

    [Fact]
    public void An_early_wake_up_runs_nothing_and_sleeps_until_the_moved_deadline()
    {
        var timers = new TcpTimerDeadlines();
        timers.Arm(TcpTimer.Retransmit, T0 + 200_000);
        timers.Arm(TcpTimer.Retransmit, T0 + 250_000);

        timers.BeginExpiry();
        Assert.False(timers.TryTakeDue(T0 + 200_000, out _));
        Assert.True(timers.EndExpiry(out var next));

        Assert.Equal(T0 + 250_000, next);
        Assert.Equal(T0 + 250_000, timers.WakeAt);
        Assert.Equal(T0 + 250_000, timers.DeadlineOf(TcpTimer.Retransmit));
    }

    [Fact]
    public void Kinds_due_in_the_same_jiffy_are_taken_in_fire_order_whatever_the_arm_order()
    {
        var armedFirst = new TcpTimerDeadlines();
        armedFirst.Arm(TcpTimer.Keepalive, T0 + 1000);
        armedFirst.Arm(TcpTimer.DelayedAck, T0 + 1000);
        armedFirst.Arm(TcpTimer.Retransmit, T0 + 1000);
        var armedLast = new TcpTimerDeadlines();
        armedLast.Arm(TcpTimer.Retransmit, T0 + 1000);
        armedLast.Arm(TcpTimer.DelayedAck, T0 + 1000);
        armedLast.Arm(TcpTimer.Keepalive, T0 + 1000);

        TcpTimer[] expected = [TcpTimer.Retransmit, TcpTimer.DelayedAck, TcpTimer.Keepalive];
        Assert.Equal(expected, TakeAll(armedFirst, T0 + 1000));
        Assert.Equal(expected, TakeAll(armedLast, T0 + 1000));
    }

    [Fact]
    public void An_earlier_jiffy_comes_first_and_within_a_jiffy_the_exact_deadline_does_not_matter()
    {
        var timers = new TcpTimerDeadlines();
        // The jiffy after T0's: the RTO at its very end, the delayed ACK at its start; the keepalive a jiffy earlier.
        timers.Arm(TcpTimer.DelayedAck, T0 + Jiffies.MicrosPerJiffy);
        timers.Arm(TcpTimer.Retransmit, T0 + 2 * Jiffies.MicrosPerJiffy - 1);
        timers.Arm(TcpTimer.Keepalive, T0 + 3999);

        Assert.Equal([TcpTimer.Keepalive, TcpTimer.Retransmit, TcpTimer.DelayedAck], TakeAll(timers, T0 + 3 * Jiffies.MicrosPerJiffy));
    }

    [Fact]
    public void Only_due_kinds_are_taken_and_the_rest_sets_the_next_wake_up()
    {
        var timers = new TcpTimerDeadlines();
        timers.Arm(TcpTimer.DelayedAck, T0 + 40_000);
        timers.Arm(TcpTimer.Keepalive, T0 + 7_200_000_000);

        timers.BeginExpiry();
        Assert.True(timers.TryTakeDue(T0 + 40_000, out var first));
        Assert.Equal(TcpTimer.DelayedAck, first);
        Assert.False(timers.TryTakeDue(T0 + 40_000, out _));
        Assert.True(timers.EndExpiry(out var next));

        Assert.Equal(T0 + 7_200_000_000, next);
        Assert.Null(timers.DeadlineOf(TcpTimer.DelayedAck));
    }

    [Fact]
    public void During_an_expiry_arming_only_records_and_a_kind_runs_at_most_once()
    {
        var timers = new TcpTimerDeadlines();
        timers.Arm(TcpTimer.Retransmit, T0);

        timers.BeginExpiry();
        Assert.True(timers.TryTakeDue(T0, out var taken));
        Assert.Equal(TcpTimer.Retransmit, taken);
        // The handler backs off (no wake-up asked for yet) and, say, arms itself for an instant already past.
        Assert.False(timers.Arm(TcpTimer.LossProbe, T0 + 10_000));
        Assert.False(timers.Arm(TcpTimer.Retransmit, T0 - 1));
        Assert.False(timers.TryTakeDue(T0, out _));
        Assert.True(timers.EndExpiry(out var next));

        Assert.Equal(T0 - 1, next);
        Assert.Equal(T0 - 1, timers.WakeAt);
    }

    [Fact]
    public void Nothing_armed_after_an_expiry_leaves_no_wake_up()
    {
        var timers = new TcpTimerDeadlines();
        timers.Arm(TcpTimer.SynAck, T0);
        timers.BeginExpiry();
        Assert.True(timers.TryTakeDue(T0, out _));

        Assert.False(timers.EndExpiry(out var next));
        Assert.Equal(TcpTimerDeadlines.NotArmed, next);
        Assert.Null(timers.WakeAt);
        // The next arm asks for a wake-up again.
        Assert.True(timers.Arm(TcpTimer.SynAck, T0 + 1_000_000));
    }

    [Fact]
    public void Each_wake_up_asked_for_gets_a_new_generation_so_a_replaced_one_is_stale()
    {
        var timers = new TcpTimerDeadlines();
        Assert.False(timers.IsCurrentWakeUp(timers.WakeGeneration)); // none pending

        timers.Arm(TcpTimer.Retransmit, T0 + 200_000);
        var first = timers.WakeGeneration;
        Assert.True(timers.IsCurrentWakeUp(first));
        timers.Arm(TcpTimer.Retransmit, T0 + 300_000); // later: same wake-up
        Assert.True(timers.IsCurrentWakeUp(first));
        timers.Arm(TcpTimer.DelayedAck, T0 + 40_000); // earlier: a new one replaces it
        Assert.False(timers.IsCurrentWakeUp(first));
        Assert.True(timers.IsCurrentWakeUp(first + 1));

        timers.BeginExpiry();
        Assert.True(timers.TryTakeDue(T0 + 40_000, out _));
        Assert.True(timers.EndExpiry(out _));
        Assert.True(timers.IsCurrentWakeUp(first + 2));
        Assert.False(timers.IsCurrentWakeUp(first + 1));
    }

    [Fact]
    public void The_fire_order_names_every_kind_once()
    {
        var order = TcpTimerDeadlines.FireOrder.ToArray();

        Assert.Equal(Enum.GetValues<TcpTimer>().Order(), order.Order());
        Assert.Equal(TcpTimer.Retransmit, order[0]);
        Assert.True(Array.IndexOf(order, TcpTimer.ReorderTimeout) < Array.IndexOf(order, TcpTimer.DelayedAck));
        Assert.True(Array.IndexOf(order, TcpTimer.DelayedAck) < Array.IndexOf(order, TcpTimer.FinWait2));
        Assert.True(Array.IndexOf(order, TcpTimer.FinWait2) < Array.IndexOf(order, TcpTimer.Keepalive));
    }

    [Fact]
    public void Arming_cancelling_and_expiring_allocate_nothing()
    {
        var timers = new TcpTimerDeadlines();
        Cycle(timers, T0); // JIT and static initialisation first
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 1000; i++) Cycle(timers, T0 + i * 1000L);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());

        static void Cycle(TcpTimerDeadlines timers, long now)
        {
            timers.Arm(TcpTimer.Retransmit, now + 200_000);
            timers.Arm(TcpTimer.DelayedAck, now + 40_000);
            timers.Cancel(TcpTimer.DelayedAck);
            timers.BeginExpiry();
            while (timers.TryTakeDue(now, out _))
            {
            }
            timers.EndExpiry(out _);
        }
    }

    private static List<TcpTimer> TakeAll(TcpTimerDeadlines timers, long now)
    {
        var taken = new List<TcpTimer>();
        timers.BeginExpiry();
        while (timers.TryTakeDue(now, out var timer)) taken.Add(timer);
        timers.EndExpiry(out _);
        return taken;
    }
}
