namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A listener's queue counters, shared by the listener and its request socks. Mirrors struct request_sock_queue's
/// qlen and young and the socket's sk_ack_backlog (include/net/request_sock.h, include/net/sock.h); like the kernel's
/// they are atomics, because request socks run concurrently with the listener.
/// </summary>
public sealed class ListenQueue
{
    private int _qlen;
    private int _young;
    private int _ackBacklog;
    private int _maxAckBacklog;

    public ListenQueue(int maxAckBacklog) => _maxAckBacklog = maxAckBacklog;

    /// <summary>qlen: request socks alive.</summary>
    public int Length => Volatile.Read(ref _qlen);

    /// <summary>young: request socks whose timer has never fired.</summary>
    public int Young => Volatile.Read(ref _young);

    /// <summary>sk_ack_backlog: children in the accept queue.</summary>
    public int AckBacklog => Volatile.Read(ref _ackBacklog);

    /// <summary>sk_max_ack_backlog: listen()'s backlog, capped by somaxconn; listen() again updates it.</summary>
    public int MaxAckBacklog
    {
        get => Volatile.Read(ref _maxAckBacklog);
        set => Volatile.Write(ref _maxAckBacklog, value);
    }

    /// <summary>inet_csk_reqsk_queue_is_full: qlen &gt; backlog (Linux ≥ 6.13; "&gt;=" before).</summary>
    public bool RequestQueueFull => Length > MaxAckBacklog;

    /// <summary>sk_acceptq_is_full: sk_ack_backlog &gt; sk_max_ack_backlog, so backlog N admits N + 1 children.</summary>
    public bool AcceptQueueFull => AckBacklog > MaxAckBacklog;

    /// <summary>reqsk_queue_added: qlen++, young++.</summary>
    public void RequestAdded()
    {
        Interlocked.Increment(ref _qlen);
        Interlocked.Increment(ref _young);
    }

    /// <summary>reqsk_queue_removed: qlen--, and young-- if the request's timer never fired.</summary>
    public void RequestRemoved(bool wasYoung)
    {
        if (wasYoung) Interlocked.Decrement(ref _young);
        Interlocked.Decrement(ref _qlen);
    }

    /// <summary>The first expiry of a request's timer: it is no longer young.</summary>
    public void RequestAged() => Interlocked.Decrement(ref _young);

    /// <summary>sk_acceptq_added.</summary>
    public void ChildQueued() => Interlocked.Increment(ref _ackBacklog);

    /// <summary>sk_acceptq_removed: accept() took a child (or the listener dropped one).</summary>
    public void ChildDequeued() => Interlocked.Decrement(ref _ackBacklog);
}
