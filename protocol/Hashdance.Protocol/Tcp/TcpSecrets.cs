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
    }

    public SecureSequence Sequence { get; }

    public SynCookies Cookies { get; }
}
