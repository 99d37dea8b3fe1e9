using Hashdance.Protocol.Crypto;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A stack's boot-time secrets: net_secret/ts_secret for ISNs and TS offsets, syncookie_secret for cookies. Linux
/// draws them once per boot from the RNG; we derive them from a seed so runs are reproducible.
/// </summary>
public sealed class TcpSecrets
{
    public TcpSecrets(int seed)
    {
        Sequence = new SecureSequence(seed);
        Cookies = new SynCookies(unchecked(seed * 31 + 17));
        _idKey = SipHashKey.PairFromSeed(unchecked(seed * 131 + 7)).First;
        FastOpenKey = new FastOpenKey(SipHashKey.PairFromSeed(unchecked(seed * 257 + 11)).First);
    }

    /// <summary>
    /// The namespace's Fast Open key when net.ipv4.tcp_fastopen_key was never set: Linux draws it once from the RNG
    /// (tcp_fastopen_init_key_once); here it comes from the seed.
    /// </summary>
    public FastOpenKey FastOpenKey { get; }

    private readonly SipHashKey _idKey;

    /// <summary>
    /// The first IP ID of a full socket: Linux draws inet_id with get_random_u16() when the socket connects or is
    /// created from a request (tcp_v4_connect, tcp_v4_syn_recv_sock); here it is a keyed hash of the 4-tuple, so it
    /// is unpredictable to the peer yet reproducible for a seed.
    /// </summary>
    public ushort InitialIpId(Wire.FourTuple tuple) =>
        (ushort)SipHash.Hash3U32(tuple.LocalAddress.Value, tuple.RemoteAddress.Value, (uint)tuple.LocalPort << 16 | tuple.RemotePort, _idKey);

    public SecureSequence Sequence { get; }

    public SynCookies Cookies { get; }
}
