using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// The server-side TCP Fast Open cookie for IPv4. Mirrors <c>__tcp_fastopen_cookie_gen_cipher</c> and
/// <c>tcp_fastopen_cookie_gen_check</c> in net/ipv4/tcp_fastopen.c: SipHash-2-4 over the SYN's source then
/// destination address bytes (8 bytes, as they sit in the IP header), keyed with the TFO key, written to the
/// 8-byte cookie little-endian (<c>cpu_to_le64</c>). saddr is the client, daddr our address.
/// </summary>
public static class FastOpenCookie
{
    /// <summary>TCP_FASTOPEN_COOKIE_SIZE.</summary>
    public const int Size = 8;

    /// <summary>The cookie as the 64-bit SipHash value (its wire bytes are this value little-endian).</summary>
    public static ulong Compute(in SipHashKey key, Ipv4Address saddr, Ipv4Address daddr) =>
        // The 8 address bytes read little-endian are daddr-word:saddr-word, so one 64-bit word suffices.
        SipHash.Hash1U64(((ulong)LinuxHashWords.Address(daddr) << 32) | LinuxHashWords.Address(saddr), key);

    /// <summary>Writes the 8 cookie bytes for the SYN saddr → daddr.</summary>
    public static void Write(in SipHashKey key, Ipv4Address saddr, Ipv4Address daddr, Span<byte> destination) =>
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Compute(key, saddr, daddr));

    /// <summary>
    /// Mirrors <c>tcp_fastopen_cookie_gen_check</c>: 0 when the presented cookie matches no key, 1 when it matches
    /// the primary key, 2 when it matches the backup key. Only 8-byte cookies can match.
    /// </summary>
    public static int Check(ReadOnlySpan<byte> cookie, in FastOpenKey keys, Ipv4Address saddr, Ipv4Address daddr)
    {
        if (cookie.Length != Size)
            return 0;
        var presented = BinaryPrimitives.ReadUInt64LittleEndian(cookie);
        if (presented == Compute(keys.Primary, saddr, daddr))
            return 1;
        return keys.Backup is { } backup && presented == Compute(backup, saddr, daddr) ? 2 : 0;
    }
}
