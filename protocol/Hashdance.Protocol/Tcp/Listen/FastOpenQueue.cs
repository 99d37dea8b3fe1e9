using Hashdance.Protocol.Mib;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A listener's Fast Open queue. Mirrors struct fastopen_queue (include/net/request_sock.h) with
/// tcp_fastopen_queue_check (net/ipv4/tcp_fastopen.c) and reqsk_fastopen_remove (net/core/request_sock.c):
/// <see cref="Length"/> counts the Fast Open children still in SYN_RECV plus the requests whose child was reset by
/// the peer after accept(), which stay counted for 60 s (a defence against spoofed Fast Open floods, CoNEXT'11).
/// Children of one listener run in several actors, so the counters are kept under a lock; nothing here is on the
/// per-segment path of an established connection.
/// </summary>
public sealed class FastOpenQueue
{
    /// <summary>How long a reset Fast Open request keeps its slot (reqsk_fastopen_remove: 60 * HZ).</summary>
    public const long ResetHoldMicros = 60_000_000;

    private readonly object _lock = new();
    private readonly Queue<long> _resetExpiries = new();
    private int _length;

    public FastOpenQueue(int maxLength) => MaxLength = Math.Max(maxLength, 0);

    /// <summary>fastopenq.max_qlen: 0 means Fast Open is off on this listener.</summary>
    public int MaxLength { get; }

    /// <summary>fastopenq.qlen.</summary>
    public int Length
    {
        get
        {
            lock (_lock) return _length;
        }
    }

    /// <summary>
    /// fastopenq.max_qlen as the kernel sets it (fastopen_queue_tune): TCP_FASTOPEN's value, or at listen() the
    /// backlog when tcp_fastopen has both TFO_SERVER_ENABLE (0x2) and TFO_SERVER_WO_SOCKOPT1 (0x400) and no value
    /// was set; either way at most somaxconn.
    /// </summary>
    public static int MaxLengthFor(int? sockoptValue, int backlog, int tcpFastopen, int somaxconn)
    {
        var value = sockoptValue ?? 0;
        if (value == 0 && (tcpFastopen & 0x402) == 0x402)
            value = backlog;
        if (value < 0) value = int.MaxValue;
        return Math.Min(value, somaxconn);
    }

    /// <summary>
    /// Mirrors tcp_fastopen_queue_check: false when Fast Open is off here or the queue is full and its oldest reset
    /// request has not expired (TCPFastOpenListenOverflow); an expired reset request gives its slot back.
    /// </summary>
    public bool TryAdmit(long nowMicros, MibCounters mib)
    {
        if (MaxLength == 0)
            return false;
        lock (_lock)
        {
            if (_length < MaxLength)
                return true;
            if (_resetExpiries.Count == 0 || _resetExpiries.Peek() > nowMicros)
            {
                mib.Increment(MibCounter.TcpExtTCPFastOpenListenOverflow);
                return false;
            }
            _resetExpiries.Dequeue();
            _length--;
            return true;
        }
    }

    /// <summary>tcp_fastopen_create_child: fastopenq.qlen++.</summary>
    public void ChildAdded()
    {
        lock (_lock) _length++;
    }

    /// <summary>
    /// Mirrors reqsk_fastopen_remove: the child left SYN_RECV (or died). A child reset by its peer after it was
    /// accepted, while the listener still listens, keeps its slot for <see cref="ResetHoldMicros"/>.
    /// </summary>
    public void ChildRemoved(bool resetAfterAccept, bool listening, long nowMicros)
    {
        lock (_lock)
        {
            if (resetAfterAccept && listening)
            {
                _resetExpiries.Enqueue(nowMicros + ResetHoldMicros);
                return;
            }
            _length--;
        }
    }
}
