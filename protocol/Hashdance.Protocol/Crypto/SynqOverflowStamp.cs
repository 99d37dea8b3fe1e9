using Hashdance.Protocol.Linux;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// The listener's "SYN queue overflowed recently" time stamp that gates SYN-cookie validation. Mirrors
/// <c>tcp_synq_overflow</c> and <c>tcp_synq_no_recent_overflow</c> in include/net/tcp.h (the stamp lives in the
/// listener's <c>rx_opt.ts_recent_stamp</c>; the SO_REUSEPORT group-wide variant is not modelled). Immutable: each
/// call returns the updated value.
/// </summary>
/// <remarks>
/// Linux starts with a stamp of 0 and jiffies near the 32-bit wrap, so a fresh listener practically never looks
/// "recently overflowed". We represent that as <see cref="HasOverflowed"/> = false, which always reports no recent
/// overflow.
/// </remarks>
public readonly record struct SynqOverflowStamp(bool HasOverflowed, uint LastOverflowJiffies)
{
    /// <summary>TCP_SYNCOOKIE_VALID = MAX_SYNCOOKIE_AGE × TCP_SYNCOOKIE_PERIOD, in jiffies.</summary>
    public const uint ValidJiffies = SynCookies.MaxSyncookieAge * SynCookies.PeriodSeconds * Jiffies.Hz;

    /// <summary>
    /// Mirrors <c>tcp_synq_overflow</c>: records now, but rewrites the stamp at most once per second (only when now is
    /// outside [last, last + HZ]) to keep the shared cache line quiet under a flood.
    /// </summary>
    public SynqOverflowStamp Record(long nowMicros)
    {
        var now = Jiffies.FromMicros32(nowMicros);
        if (HasOverflowed && Jiffies.Between32(now, LastOverflowJiffies, LastOverflowJiffies + Jiffies.Hz))
            return this;
        return new SynqOverflowStamp(true, now);
    }

    /// <summary>
    /// Mirrors <c>tcp_synq_no_recent_overflow</c>: true unless now lies in [last − HZ, last + TCP_SYNCOOKIE_VALID]
    /// (the one second of slack covers a concurrent update of the stamp).
    /// </summary>
    public bool NoRecentOverflow(long nowMicros)
    {
        if (!HasOverflowed) return true;
        var now = Jiffies.FromMicros32(nowMicros);
        return !Jiffies.Between32(now, LastOverflowJiffies - Jiffies.Hz, LastOverflowJiffies + ValidJiffies);
    }
}
