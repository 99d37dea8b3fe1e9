using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The path MTUs a stack has learned, per destination: what Linux keeps as route exceptions (fib_nh_exception,
/// written by __ip_rt_update_pmtu on an ICMP fragmentation-needed) and lets expire after
/// <c>net.ipv4.route.mtu_expires</c> (ip_rt_mtu_expires, 600 s). A connection opened later towards the same
/// destination starts from it (dst_mtu in tcp_sync_mss), while its SYN or SYN-ACK still advertises the route's MSS.
/// Shared by the sockets of a stack; thread-safe.
/// </summary>
public sealed class PathMtuCache
{
    private readonly Dictionary<Ipv4Address, (int Mtu, long ExpiresMicros)> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Records <paramref name="mtu"/> towards <paramref name="destination"/> until <paramref name="expiresMicros"/>
    /// (a socket learns only values below the path MTU it started from, which already includes this cache's).
    /// </summary>
    public void Learn(Ipv4Address destination, int mtu, long expiresMicros)
    {
        lock (_lock) _entries[destination] = (mtu, expiresMicros);
    }

    /// <summary>The learned path MTU towards <paramref name="destination"/> at <paramref name="nowMicros"/>; 0 when none (or expired).</summary>
    public int Lookup(Ipv4Address destination, long nowMicros)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(destination, out var entry)) return 0;
            if (entry.ExpiresMicros > nowMicros) return entry.Mtu;
            _entries.Remove(destination);
            return 0;
        }
    }
}
