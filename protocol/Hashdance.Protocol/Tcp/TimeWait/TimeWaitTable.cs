using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The TIME_WAIT part of the ehash and its timers: the tcp_death_row of one stack. Mirrors inet_twsk_alloc's
/// tcp_max_tw_buckets limit, __inet_twsk_schedule's counters (TW for a timeout over 4 s, TWKilled otherwise) and
/// tw_timer_handler → inet_twsk_kill. Expiry is one ordered queue by deadline: an entry whose deadline moved (a
/// segment re-armed it) is put back when its old deadline comes up, so a segment never touches the queue.
/// </summary>
public sealed class TimeWaitTable
{
    /// <summary>__inet_twsk_schedule: a timeout up to 4 s is a "kill" (TWKilled), longer ones count TW.</summary>
    private const long KillThresholdMicros = 4_000_000;

    private readonly Dictionary<FourTuple, TimeWaitCore> _entries = new();
    private readonly PriorityQueue<TimeWaitCore, long> _byDeadline = new();
    private readonly MibCounters _mib;
    private readonly Func<int> _maxBuckets;

    /// <param name="mib">The stack's counters.</param>
    /// <param name="maxBuckets">net.ipv4.tcp_max_tw_buckets, read at each insertion.</param>
    public TimeWaitTable(MibCounters mib, Func<int> maxBuckets)
    {
        _mib = mib;
        _maxBuckets = maxBuckets;
    }

    /// <summary>Entries in TIME_WAIT or orphaned FIN_WAIT2.</summary>
    public int Count => _entries.Count;

    /// <summary>The entries, for diagnostics.</summary>
    public IReadOnlyDictionary<FourTuple, TimeWaitCore> Entries => _entries;

    /// <summary>The earliest deadline in the queue (possibly one an entry has since moved), or null when empty.</summary>
    public long? NextDeadlineMicros => _byDeadline.TryPeek(out _, out var deadline) ? deadline : null;

    /// <summary>
    /// Schedules a new entry (inet_twsk_hashdance_schedule). False when tcp_max_tw_buckets entries exist already
    /// (inet_twsk_alloc fails: TCPTimeWaitOverflow, and the connection simply closes) or the tuple is taken.
    /// </summary>
    public bool TryAdd(TimeWaitCore entry)
    {
        if (_entries.Count >= _maxBuckets())
        {
            _mib.Increment(MibCounter.TcpExtTCPTimeWaitOverflow);
            return false;
        }
        if (!_entries.TryAdd(entry.Tuple, entry)) return false;
        _mib.Increment(entry.TimeoutMicros <= KillThresholdMicros ? MibCounter.TcpExtTWKilled : MibCounter.TcpExtTW);
        _byDeadline.Enqueue(entry, entry.DeadlineMicros);
        return true;
    }

    public bool TryGetValue(FourTuple tuple, out TimeWaitCore entry) => _entries.TryGetValue(tuple, out entry!);

    /// <summary>inet_twsk_deschedule_put: the entry leaves the table now (its queue slot is skipped later).</summary>
    public void Remove(TimeWaitCore entry)
    {
        if (_entries.TryGetValue(entry.Tuple, out var current) && ReferenceEquals(current, entry)) _entries.Remove(entry.Tuple);
    }

    /// <summary>Fires every tw_timer due by <paramref name="nowMicros"/>: those entries leave the table. Returns how many.</summary>
    public int Expire(long nowMicros)
    {
        var expired = 0;
        while (_byDeadline.TryPeek(out var entry, out var deadline) && deadline <= nowMicros)
        {
            _byDeadline.Dequeue();
            if (!_entries.TryGetValue(entry.Tuple, out var current) || !ReferenceEquals(current, entry)) continue;
            if (entry.DeadlineMicros > nowMicros)
            {
                // Re-armed by a segment since it was queued (inet_twsk_reschedule).
                _byDeadline.Enqueue(entry, entry.DeadlineMicros);
                continue;
            }
            _entries.Remove(entry.Tuple);
            expired++;
        }
        return expired;
    }
}
