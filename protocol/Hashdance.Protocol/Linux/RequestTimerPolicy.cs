using Hashdance.Protocol.Config;

namespace Hashdance.Protocol.Linux;

/// <summary>
/// The SYN-ACK retransmission and expiry policy of request socks, and the TCP_DEFER_ACCEPT unit conversions.
/// Mirrors <c>reqsk_timer_handler</c> and <c>syn_ack_recalc</c> (net/ipv4/inet_connection_sock.c),
/// <c>reqsk_timeout</c> / <c>tcp_reqsk_timeout</c> (include/net/request_sock.h, include/net/tcp.h) and
/// <c>secs_to_retrans</c> / <c>retrans_to_secs</c> (net/ipv4/tcp.c). Pure functions; the timer itself belongs to
/// the caller (Akka scheduler).
/// </summary>
public static class RequestTimerPolicy
{
    /// <summary>TCP_TIMEOUT_INIT: the first SYN-ACK timeout, 1 s (RFC 6298 §2.1).</summary>
    public const long TimeoutInitMicros = 1_000_000;

    /// <summary>TCP_RTO_MAX: 120 s.</summary>
    public const long RtoMaxMicros = 120_000_000;

    /// <summary>TCP_TIMEOUT_INIT and TCP_RTO_MAX in seconds, as TCP_DEFER_ACCEPT converts with them.</summary>
    public const int TimeoutInitSeconds = 1;
    public const int RtoMaxSeconds = 120;

    /// <summary>
    /// The retry limit after the pruning step of <c>reqsk_timer_handler</c>: when more than half of
    /// max(8, backlog) is taken by requests, old requests lose retries (down to 2) until the young ones make up at
    /// least 1/2, 1/4, ... of the queue. This keeps half of the room for new, probably real, clients under a flood.
    /// </summary>
    public static int PrunedMaxRetries(int maxRetries, int queueLength, int youngCount, int maxAckBacklog)
    {
        if (2L * queueLength <= Math.Max(8, maxAckBacklog))
            return maxRetries;
        var young = 2L * youngCount;
        while (maxRetries > 2)
        {
            if (queueLength < young)
                break;
            maxRetries--;
            young <<= 1;
        }
        return maxRetries;
    }

    /// <summary>
    /// Mirrors <c>syn_ack_recalc</c>. Without TCP_DEFER_ACCEPT a request expires after maxRetries timeouts and every
    /// expiry resends. With deferral (in retransmission units) an acked request (bare ACK seen, data awaited) lives
    /// until the deferral is over too, and is only resent from the last deferral period on, so that the client's
    /// answer to that SYN-ACK can still create the connection.
    /// </summary>
    public static (bool Expire, bool Resend) SynAckRecalc(int numTimeout, int maxRetries, int deferAccept, bool acked)
    {
        if (deferAccept == 0)
            return (numTimeout >= maxRetries, true);
        var expire = numTimeout >= maxRetries && (!acked || numTimeout >= deferAccept);
        var resend = !acked || numTimeout >= deferAccept - 1;
        return (expire, resend);
    }

    /// <summary>
    /// Mirrors <c>tcp_reqsk_timeout</c>: min(timeout &lt;&lt; numTimeout, rto_max), the exponential backoff.
    /// </summary>
    public static long Timeout(long baseTimeoutMicros, int numTimeout, long rtoMaxMicros)
    {
        if (numTimeout >= 63 || baseTimeoutMicros > (long.MaxValue >> numTimeout))
            return rtoMaxMicros;
        return Math.Min(baseTimeoutMicros << numTimeout, rtoMaxMicros);
    }

    /// <summary>
    /// One expiry of a request's timer (<c>reqsk_timer_handler</c> for a listener still in LISTEN).
    /// </summary>
    /// <param name="numTimeout">The request's num_timeout before this expiry.</param>
    /// <param name="acked">A bare ACK was seen and dropped (TCP_DEFER_ACCEPT or accept-queue overflow).</param>
    /// <param name="listenerSynCount">The listener's TCP_SYNCNT, 0 = not set (then tcp_synack_retries).</param>
    /// <param name="queueLength">The listener's qlen (request socks alive).</param>
    /// <param name="youngCount">Request socks whose timer never fired.</param>
    /// <param name="maxAckBacklog">The listen backlog (sk_max_ack_backlog).</param>
    /// <param name="deferAccept">rskq_defer_accept in retransmission units, 0 = none.</param>
    /// <param name="sysctls">Supplies tcp_synack_retries and tcp_rto_max_ms.</param>
    /// <param name="baseTimeoutMicros">req->timeout (TCP_TIMEOUT_INIT unless BPF changed it).</param>
    public static RequestTimerDecision OnExpiry(
        int numTimeout,
        bool acked,
        int listenerSynCount,
        int queueLength,
        int youngCount,
        int maxAckBacklog,
        int deferAccept,
        TcpSysctls sysctls,
        long baseTimeoutMicros = TimeoutInitMicros)
    {
        var maxRetries = listenerSynCount != 0 ? listenerSynCount : sysctls.TcpSynackRetries;
        maxRetries = PrunedMaxRetries(maxRetries, queueLength, youngCount, maxAckBacklog);
        var (expire, resend) = SynAckRecalc(numTimeout, maxRetries, deferAccept, acked);
        if (expire)
            return new RequestTimerDecision(true, false, numTimeout, false, 0, maxRetries);
        var next = numTimeout + 1;
        var timeout = Timeout(baseTimeoutMicros, next, sysctls.TcpRtoMaxMs * 1000L);
        return new RequestTimerDecision(false, resend, next, numTimeout == 0, timeout, maxRetries);
    }

    /// <summary>
    /// Mirrors <c>secs_to_retrans</c>: TCP_DEFER_ACCEPT seconds → the number of retransmission periods (timeouts
    /// doubling from <paramref name="timeoutSeconds"/>, capped at <paramref name="rtoMaxSeconds"/>) whose total
    /// first reaches the seconds. 5 s → 3 (1 + 2 + 4 = 7 ≥ 5). Non-positive → 0.
    /// </summary>
    public static byte SecondsToRetransmits(
        int seconds, int timeoutSeconds = TimeoutInitSeconds, int rtoMaxSeconds = RtoMaxSeconds)
    {
        if (seconds <= 0) return 0;
        byte result = 1;
        var timeout = timeoutSeconds;
        long period = timeout;
        while (seconds > period && result < 255)
        {
            result++;
            timeout = Math.Min(timeout << 1, rtoMaxSeconds);
            period += timeout;
        }
        return result;
    }

    /// <summary>
    /// Mirrors <c>retrans_to_secs</c> (getsockopt(TCP_DEFER_ACCEPT)): the total seconds of
    /// <paramref name="retransmits"/> periods. 3 → 7.
    /// </summary>
    public static int RetransmitsToSeconds(
        byte retransmits, int timeoutSeconds = TimeoutInitSeconds, int rtoMaxSeconds = RtoMaxSeconds)
    {
        if (retransmits == 0) return 0;
        var timeout = timeoutSeconds;
        var period = timeout;
        while (--retransmits > 0)
        {
            timeout = Math.Min(timeout << 1, rtoMaxSeconds);
            period += timeout;
        }
        return period;
    }
}
