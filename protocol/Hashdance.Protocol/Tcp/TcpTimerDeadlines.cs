using System.Runtime.CompilerServices;
using Hashdance.Protocol.Linux;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The deadlines of one socket's timers, multiplexed onto a single wake-up that its shell schedules. Arming or
/// cancelling a kind only records the deadline; the shell schedules a wake-up only when the earliest deadline moves
/// earlier than the one it has pending (or none is pending). When the wake-up comes, the shell takes the due kinds in
/// <see cref="FireOrder"/> (<see cref="BeginExpiry"/>, <see cref="TryTakeDue"/>, <see cref="EndExpiry"/>) and
/// schedules the next wake-up for what is left. So the RTO pushed on by nearly every ACK costs no scheduler entry,
/// and a wake-up that comes early (the deadline moved on) finds nothing due and sleeps again until the new one, as
/// Linux's timer handlers do when they find <c>icsk_timeout</c> still ahead (tcp_write_timer_handler,
/// tcp_delack_timer_handler).
/// </summary>
/// <remarks>
/// <para>Cancelling leaves the pending wake-up alone, as inet_csk_clear_xmit_timer does in Linux (without
/// INET_CSK_CLEAR_TIMERS it only clears icsk_pending and lets the timer fire into nothing).</para>
/// <para>Order of timers due together. Linux runs expired timers one jiffy at a time (__run_timers advances
/// base->clk jiffy by jiffy), so a timer of an earlier jiffy always runs first: kinds are taken by the jiffy of their
/// deadline. Within one jiffy the wheel's own order is that of its bucket list (enqueue_timer adds at the head, so
/// the newest armed runs first), which depends on arm history; the one order Linux fixes for a socket's timers is
/// tcp_release_cb's, which runs a socket's deferred timers as the write timer (icsk_retransmit_timer: RTO, zero-window
/// probe, loss probe, RACK reordering timeout, of which icsk_pending allows only one at a time) and then the delayed
/// ACK. sk_timer (the orphan's FIN_WAIT2 timeout, then keepalive: tcp_keepalive_timer checks FIN_WAIT2 before it
/// probes) comes last, as it is never deferred into tcp_release_cb (it retries HZ/20 later when the socket is busy).
/// That order does not depend on when a timer was armed, so a re-arm never reorders expiries.</para>
/// </remarks>
public sealed class TcpTimerDeadlines
{
    /// <summary>The deadline of a kind that is not armed.</summary>
    public const long NotArmed = long.MaxValue;

    /// <summary>Set while the shell runs due timers: arming then only records, and the shell schedules once at the end.</summary>
    private const long Expiring = long.MinValue;

    private const int KindCount = (int)TcpTimer.TimeWait + 1;

    /// <summary>The order in which kinds due in the same jiffy run (see the remarks).</summary>
    public static ReadOnlySpan<TcpTimer> FireOrder =>
    [
        TcpTimer.Retransmit, TcpTimer.ZeroWindowProbe, TcpTimer.LossProbe, TcpTimer.ReorderTimeout,
        TcpTimer.DelayedAck,
        TcpTimer.FinWait2, TcpTimer.Keepalive,
        TcpTimer.SynAck, TcpTimer.TimeWait,
    ];

    private static readonly byte[] Rank = BuildRanks();

    private PerKind _deadline;
    private long _wakeAt = NotArmed;
    private int _wakeGeneration;
    private int _takenThisExpiry;

    public TcpTimerDeadlines() => ((Span<long>)_deadline).Fill(NotArmed);

    /// <summary>The deadline of <paramref name="timer"/>, or null when it is not armed.</summary>
    public long? DeadlineOf(TcpTimer timer) => _deadline[(int)timer] is var d && d != NotArmed ? d : null;

    /// <summary>When the wake-up the shell has pending fires, or null when none is pending (or during an expiry).</summary>
    public long? WakeAt => _wakeAt is NotArmed or Expiring ? null : _wakeAt;

    /// <summary>
    /// Numbers the wake-ups: it moves on each time <see cref="Arm"/> or <see cref="EndExpiry"/> asks the shell for a new
    /// one, so a replaced wake-up that arrives anyway (its cancellation came too late) is recognised as stale.
    /// </summary>
    public int WakeGeneration => _wakeGeneration;

    /// <summary>Whether a wake-up numbered <paramref name="generation"/> is the one pending (else it was replaced: ignore it).</summary>
    public bool IsCurrentWakeUp(int generation) => generation == _wakeGeneration && _wakeAt != NotArmed;

    /// <summary>
    /// Arms (or re-arms) <paramref name="timer"/> for <paramref name="deadlineMicros"/>. True when the shell must
    /// schedule its wake-up for that time, replacing the pending one: the deadline is earlier than the pending
    /// wake-up, or none is pending. A later deadline only records the time.
    /// </summary>
    public bool Arm(TcpTimer timer, long deadlineMicros)
    {
        _deadline[(int)timer] = deadlineMicros;
        if (deadlineMicros >= _wakeAt) return false;
        _wakeAt = deadlineMicros;
        _wakeGeneration++;
        return true;
    }

    /// <summary>Disarms <paramref name="timer"/>; a pending wake-up stays and finds nothing due for it.</summary>
    public void Cancel(TcpTimer timer) => _deadline[(int)timer] = NotArmed;

    /// <summary>The shell's wake-up fired: until <see cref="EndExpiry"/>, arming only records the deadline.</summary>
    public void BeginExpiry()
    {
        _wakeAt = Expiring;
        _takenThisExpiry = 0;
    }

    /// <summary>
    /// The next kind due by <paramref name="nowMicros"/> in jiffy order, then <see cref="FireOrder"/>, disarmed and
    /// handed to the caller to run; false when none is due. Each kind is taken at most once per expiry, so a handler
    /// that re-arms its own timer for an instant already past waits for the next wake-up.
    /// </summary>
    public bool TryTakeDue(long nowMicros, out TcpTimer timer)
    {
        var best = -1;
        var bestJiffy = 0L;
        for (var k = 0; k < KindCount; k++)
        {
            var deadline = _deadline[k];
            if (deadline > nowMicros || (_takenThisExpiry & (1 << k)) != 0) continue;
            var jiffy = deadline / Jiffies.MicrosPerJiffy;
            if (best < 0 || jiffy < bestJiffy || (jiffy == bestJiffy && Rank[k] < Rank[best]))
            {
                best = k;
                bestJiffy = jiffy;
            }
        }
        if (best < 0)
        {
            timer = default;
            return false;
        }
        _deadline[best] = NotArmed;
        _takenThisExpiry |= 1 << best;
        timer = (TcpTimer)best;
        return true;
    }

    /// <summary>
    /// Ends an expiry: true, with the earliest deadline still armed, when the shell must schedule its next wake-up.
    /// </summary>
    public bool EndExpiry(out long wakeAtMicros)
    {
        var earliest = NotArmed;
        foreach (var deadline in (ReadOnlySpan<long>)_deadline)
        {
            if (deadline < earliest) earliest = deadline;
        }
        _wakeAt = earliest;
        wakeAtMicros = earliest;
        if (earliest == NotArmed) return false;
        _wakeGeneration++;
        return true;
    }

    private static byte[] BuildRanks()
    {
        var ranks = new byte[KindCount];
        var order = FireOrder;
        for (var i = 0; i < order.Length; i++) ranks[(int)order[i]] = (byte)i;
        return ranks;
    }

    [InlineArray(KindCount)]
    private struct PerKind
    {
        private long _first;
    }
}
