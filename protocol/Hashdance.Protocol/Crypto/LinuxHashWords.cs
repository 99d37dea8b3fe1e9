using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// How Linux feeds addresses and ports into its SipHash helpers: it passes the network-order (<c>__be32</c>/
/// <c>__be16</c>) values with a <c>__force</c> cast, so the hashed integer is the wire bytes read in the CPU's
/// byte order. We reproduce x86-64 (little-endian) Linux on every platform, so the results match real kernels.
/// </summary>
internal static class LinuxHashWords
{
    /// <summary><c>(__force u32)addr</c>: the four address bytes as a little-endian integer.</summary>
    public static uint Address(Ipv4Address address) => BinaryPrimitives.ReverseEndianness(address.Value);

    /// <summary><c>(__force u32)sport &lt;&lt; 16 | (__force u32)dport</c> as in secure_tcp_seq and cookie_hash.</summary>
    public static uint Ports(ushort sport, ushort dport) =>
        ((uint)BinaryPrimitives.ReverseEndianness(sport) << 16) | BinaryPrimitives.ReverseEndianness(dport);
}
