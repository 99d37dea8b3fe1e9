using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// Initial sequence numbers and timestamp offsets as RFC 6528 / Linux compute them. Mirrors <c>secure_tcp_seq</c>,
/// <c>seq_scale</c> and <c>secure_tcp_ts_off</c> in net/core/secure_seq.c (Linux 6.18, before the v7.0 merge into
/// <c>secure_tcp_seq_and_ts_off</c>). The two secrets (<c>net_secret</c>, <c>ts_secret</c>) come from the caller or a
/// seed; the clock is always passed in, never read.
/// </summary>
public sealed class SecureSequence
{
    private readonly SipHashKey _netSecret;
    private readonly SipHashKey _tsSecret;

    public SecureSequence(SipHashKey netSecret, SipHashKey tsSecret)
    {
        _netSecret = netSecret;
        _tsSecret = tsSecret;
    }

    /// <summary>Draws <c>net_secret</c> then <c>ts_secret</c> from a generator seeded with <paramref name="seed"/>.</summary>
    public SecureSequence(int seed)
        : this(SipHashKey.PairFromSeed(seed))
    {
    }

    private SecureSequence((SipHashKey First, SipHashKey Second) keys)
        : this(keys.First, keys.Second)
    {
    }

    /// <summary>
    /// Mirrors <c>secure_tcp_seq(saddr, daddr, sport, dport)</c>: the keyed hash of the connection plus the clock
    /// term. saddr/sport are the side that will send with this ISN, so for a passive open (<c>tcp_v4_init_seq</c>)
    /// they are the SYN's destination (our address and port) and daddr/dport the SYN's source.
    /// </summary>
    /// <param name="realTimeNanos">CLOCK_REALTIME in nanoseconds (<c>ktime_get_real_ns</c>).</param>
    public uint InitialSequence(Ipv4Address saddr, Ipv4Address daddr, ushort sport, ushort dport, long realTimeNanos)
    {
        var hash = (uint)SipHash.Hash3U32(
            LinuxHashWords.Address(saddr), LinuxHashWords.Address(daddr), LinuxHashWords.Ports(sport, dport), _netSecret);
        return ScaleSequence(hash, realTimeNanos);
    }

    /// <summary>
    /// Mirrors <c>seq_scale</c>: adds one tick per 64 ns (RFC 793's clock, sped up so the sequence space wraps
    /// about every 274 s, well inside two MSL).
    /// </summary>
    public static uint ScaleSequence(uint hash, long realTimeNanos) => hash + (uint)((ulong)realTimeNanos >> 6);

    /// <summary>
    /// Mirrors <c>secure_tcp_ts_off(net, saddr, daddr)</c>: a per address pair TSval offset when
    /// <c>tcp_timestamps == 1</c>, and 0 for any other value (2 = timestamps without randomisation). For a passive
    /// open (<c>tcp_v4_init_ts_off</c>) saddr is our address, daddr the peer's.
    /// </summary>
    public uint TimestampOffset(Ipv4Address saddr, Ipv4Address daddr, int tcpTimestamps) =>
        tcpTimestamps != 1
            ? 0
            : (uint)SipHash.Hash2U32(LinuxHashWords.Address(saddr), LinuxHashWords.Address(daddr), _tsSecret);
}
