using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// Stateless SYN cookies for IPv4 exactly as Linux builds and checks them (net/ipv4/syncookies.c, include/net/tcp.h).
/// The cookie is our ISN; it carries a minute counter in the top 8 bits and the MSS table index added into a keyed
/// 24-bit hash. When timestamps are negotiated, the SYN-ACK's TSval carries wscale/SACK/ECN in its low 6 bits.
/// Keys (<c>syncookie_secret[2]</c>) come from the caller or a seed; the clock is always passed in (microseconds).
/// </summary>
public sealed class SynCookies
{
    /// <summary>MAX_SYNCOOKIE_AGE: a cookie is accepted while its minute counter is less than 2 behind.</summary>
    public const int MaxSyncookieAge = 2;

    /// <summary>TCP_SYNCOOKIE_PERIOD (60 s) in seconds.</summary>
    public const int PeriodSeconds = 60;

    /// <summary>COOKIEBITS: the low 24 bits hold hash + MSS index, the upper 8 the minute counter.</summary>
    public const int CookieBits = 24;

    /// <summary>TSBITS: low bits of the cookie SYN-ACK's TSval that carry options.</summary>
    public const int TimestampOptionBits = 6;

    public const uint TimestampWindowScaleMask = 0xF;
    public const uint TimestampSackBit = 1 << 4;
    public const uint TimestampEcnBit = 1 << 5;

    private const uint CookieMask = (1u << CookieBits) - 1;
    private const long PeriodMicros = PeriodSeconds * 1_000_000L;

    private readonly SipHashKey _secret0;
    private readonly SipHashKey _secret1;

    public SynCookies(SipHashKey secret0, SipHashKey secret1)
    {
        _secret0 = secret0;
        _secret1 = secret1;
    }

    /// <summary>Draws <c>syncookie_secret[0]</c> then <c>[1]</c> from a generator seeded with <paramref name="seed"/>.</summary>
    public SynCookies(int seed)
        : this(SipHashKey.PairFromSeed(seed))
    {
    }

    private SynCookies((SipHashKey First, SipHashKey Second) keys)
        : this(keys.First, keys.Second)
    {
    }

    /// <summary>
    /// The IPv4 <c>msstab</c>: {536, 1300, 1440, 1460} (chosen from measured MSS distributions; 1440 for PPPoE).
    /// </summary>
    public static ReadOnlySpan<ushort> MssTable => [536, 1300, 1440, 1460];

    /// <summary>Mirrors <c>tcp_cookie_time</c>: jiffies64 / TCP_SYNCOOKIE_PERIOD, i.e. whole minutes of the clock.</summary>
    public static uint CookieTime(long nowMicros) => (uint)((ulong)nowMicros / PeriodMicros);

    /// <summary>
    /// The index <c>__cookie_v4_init_sequence</c> picks: the largest table entry not above <paramref name="mss"/>,
    /// and 0 (536) for anything smaller.
    /// </summary>
    public static int MssIndex(int mss)
    {
        var table = MssTable;
        var index = table.Length - 1;
        while (index > 0 && mss < table[index])
            index--;
        return index;
    }

    /// <summary>
    /// Mirrors <c>cookie_hash(saddr, daddr, sport, dport, count, c)</c>: SipHash of the SYN's 4-tuple (saddr = the
    /// client) and <paramref name="count"/> under <c>syncookie_secret[c]</c>, truncated to 32 bits.
    /// </summary>
    public uint CookieHash(Ipv4Address saddr, Ipv4Address daddr, ushort sport, ushort dport, uint count, int c) =>
        (uint)SipHash.Hash4U32(
            LinuxHashWords.Address(saddr), LinuxHashWords.Address(daddr), LinuxHashWords.Ports(sport, dport), count,
            c == 0 ? _secret0 : _secret1);

    /// <summary>
    /// Mirrors <c>secure_tcp_syn_cookie</c>: H0 + client ISN + (count &lt;&lt; 24) + ((H1(count) + data) mod 2^24).
    /// </summary>
    public uint SecureSynCookie(
        Ipv4Address saddr, Ipv4Address daddr, ushort sport, ushort dport, uint clientIsn, uint data, long nowMicros)
    {
        var count = CookieTime(nowMicros);
        return CookieHash(saddr, daddr, sport, dport, 0, 0) + clientIsn + (count << CookieBits)
               + ((CookieHash(saddr, daddr, sport, dport, count, 1) + data) & CookieMask);
    }

    /// <summary>
    /// Mirrors <c>check_tcp_syn_cookie</c>: strips the layers and returns the embedded data (the MSS index), or
    /// <see cref="uint.MaxValue"/> when the minute counter is MAX_SYNCOOKIE_AGE or more behind. Any value ≥ 4 means
    /// the cookie is not ours; the caller checks that.
    /// </summary>
    public uint CheckSynCookie(
        uint cookie, Ipv4Address saddr, Ipv4Address daddr, ushort sport, ushort dport, uint clientIsn, long nowMicros)
    {
        var count = CookieTime(nowMicros);
        cookie -= CookieHash(saddr, daddr, sport, dport, 0, 0) + clientIsn;
        var diff = (count - (cookie >> CookieBits)) & (uint.MaxValue >> CookieBits);
        if (diff >= MaxSyncookieAge)
            return uint.MaxValue;
        return (cookie - CookieHash(saddr, daddr, sport, dport, count - diff, 1)) & CookieMask;
    }

    /// <summary>
    /// Mirrors <c>__cookie_v4_init_sequence</c> for a SYN from saddr:sport to daddr:dport with sequence number
    /// <paramref name="synSeq"/> and peer MSS clamp <paramref name="mss"/>. The caller also stamps the listener
    /// (<see cref="SynqOverflowStamp.Record"/>) and counts SyncookiesSent, as <c>cookie_init_sequence</c> does.
    /// </summary>
    public SynCookie Encode(
        Ipv4Address saddr, Ipv4Address daddr, ushort sport, ushort dport, uint synSeq, int mss, long nowMicros)
    {
        var index = MssIndex(mss);
        var isn = SecureSynCookie(saddr, daddr, sport, dport, synSeq, (uint)index, nowMicros);
        return new SynCookie(isn, MssTable[index]);
    }

    /// <summary>
    /// Mirrors <c>__cookie_v4_check</c> for an ACK from saddr:sport to daddr:dport: cookie = SEG.ACK − 1, client ISN
    /// = SEG.SEQ − 1; valid when the decoded index is inside the MSS table.
    /// </summary>
    public SynCookieCheck Check(
        Ipv4Address saddr, Ipv4Address daddr, ushort sport, ushort dport, uint segSeq, uint segAck, long nowMicros)
    {
        var index = CheckSynCookie(segAck - 1, saddr, daddr, sport, dport, segSeq - 1, nowMicros);
        return index < (uint)MssTable.Length ? new SynCookieCheck(true, MssTable[(int)index]) : SynCookieCheck.Invalid;
    }

    /// <summary>
    /// Mirrors <c>cookie_init_timestamp</c>: the TSval (before adding ts_off) of a cookie SYN-ACK. The low 6 bits of
    /// the millisecond clock are replaced by the options; if that would run ahead of the clock, 64 ms are taken off
    /// so that later TSvals never go backwards.
    /// </summary>
    public static uint InitTimestamp(long nowMicros, bool windowScaleOk, int sendWindowScale, bool sackOk, bool ecnOk)
    {
        var nowMs = (ulong)nowMicros / 1000;
        var options = windowScaleOk ? (uint)sendWindowScale & TimestampWindowScaleMask : TimestampWindowScaleMask;
        if (sackOk) options |= TimestampSackBit;
        if (ecnOk) options |= TimestampEcnBit;
        var ts = ((nowMs >> TimestampOptionBits) << TimestampOptionBits) | options;
        if (ts > nowMs)
            ts -= 1UL << TimestampOptionBits;
        return (uint)ts;
    }

    /// <summary>
    /// Mirrors the option recovery of <c>cookie_v4_check</c> + <c>cookie_timestamp_decode</c>: a non-zero TSecr is
    /// first reduced by our TS offset; no timestamp in the ACK means no SACK/WS/ECN; a timestamp while
    /// <c>tcp_timestamps</c> = 0, a SACK bit while <c>tcp_sack</c> = 0, or a wscale while <c>tcp_window_scaling</c> = 0
    /// makes the result not <see cref="SynCookieOptions.Ok"/>.
    /// </summary>
    public static SynCookieOptions DecodeTimestamp(bool sawTimestamp, uint tsecr, uint tsOffset, TcpSysctls sysctls)
    {
        if (!sawTimestamp)
            return new SynCookieOptions(true, false, false, false, 0, false);
        if (tsecr != 0)
            tsecr -= tsOffset;
        var ecn = (tsecr & TimestampEcnBit) != 0;
        if (sysctls.TcpTimestamps == 0)
            return new SynCookieOptions(false, true, false, false, 0, ecn);
        var sack = (tsecr & TimestampSackBit) != 0;
        if (sack && sysctls.TcpSack == 0)
            return new SynCookieOptions(false, true, true, false, 0, ecn);
        var wscale = tsecr & TimestampWindowScaleMask;
        if (wscale == TimestampWindowScaleMask)
            return new SynCookieOptions(true, true, sack, false, 0, ecn);
        return new SynCookieOptions(sysctls.TcpWindowScaling != 0, true, sack, true, (byte)wscale, ecn);
    }

    /// <summary>
    /// Mirrors <c>cookie_ecn_ok</c>: ECN is used on the cookie connection when the TSecr's ECN bit is set and
    /// <c>tcp_ecn</c> ≠ 0 or the route enables ECN.
    /// </summary>
    public static bool EcnOk(SynCookieOptions options, TcpSysctls sysctls, bool routeEcnFeature) =>
        options.EcnBit && (sysctls.TcpEcn != 0 || routeEcnFeature);
}
