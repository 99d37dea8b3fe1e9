using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// Chooses the local port of an active open. Mirrors __inet_hash_connect (net/ipv4/inet_hashtables.c) with
/// port_offset = secure_ipv4_port_ephemeral(saddr, daddr, dport): start at a keyed-hash offset perturbed per
/// destination, try ports of the low range's parity first in steps of 2 (connect() takes even ports, bind() the odd
/// ones), then the other parity; after a success add a little randomness to the perturbation so the next connect to
/// the same destination starts elsewhere. Not on the per-frame path.
/// </summary>
public sealed class EphemeralPortAllocator
{
    /// <summary>INET_TABLE_PERTURB_SIZE.</summary>
    private const int PerturbSize = 1 << 16;

    private readonly uint[] _perturb = new uint[PerturbSize];
    private readonly SipHashKey _secret;
    private readonly Random _random;

    public EphemeralPortAllocator(int seed)
    {
        _random = new Random(seed);
        _secret = SipHashKey.FromRandom(_random);
        // get_random_sleepable_once(table_perturb, ...): filled with random words on first use.
        for (var i = 0; i < _perturb.Length; i++) _perturb[i] = (uint)_random.Next() ^ ((uint)_random.Next() << 16);
    }

    /// <summary>
    /// Returns a free port in <paramref name="range"/> for (local, remote), or null when every port is in use
    /// (EADDRNOTAVAIL). <paramref name="inUse"/> says whether the tuple with that local port is taken.
    /// </summary>
    public ushort? Allocate(Ipv4Address local, Ipv4Endpoint remote, PortRange range, Func<ushort, bool> inUse)
    {
        var portOffset = SipHash.Hash3U32(local.Value, remote.Address.Value, remote.Port, _secret);
        const int step = 2;
        var low = (uint)range.Low;
        var high = (uint)range.High + 1;
        var remaining = high - low;
        if (remaining > 1) remaining &= ~1u;
        if (remaining == 0) return null;

        var index = (int)(portOffset & (PerturbSize - 1));
        var offset = (_perturb[index] + (uint)(portOffset >> 32)) % remaining;
        offset &= ~1u;

        while (true)
        {
            var port = low + offset;
            for (uint i = 0; i < remaining; i += step, port += step)
            {
                if (port >= high) port -= remaining;
                if (inUse((ushort)port)) continue;
                var spread = Math.Max(i, (uint)_random.Next(8) * step);
                _perturb[index] += spread + step;
                return (ushort)port;
            }
            offset++;
            if ((offset & 1) == 0 || remaining <= 1) return null;
        }
    }
}
