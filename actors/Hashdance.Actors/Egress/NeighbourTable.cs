using System.Collections.Concurrent;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Egress;

/// <summary>
/// IPv4 → MAC for next hops (the ARP cache's resolved entries). Written by the ingress when it learns from ARP and
/// read by every socket's egress, hence concurrent.
/// </summary>
public sealed class NeighbourTable
{
    private readonly ConcurrentDictionary<Ipv4Address, MacAddress> _entries = new();

    public NeighbourTable(IEnumerable<KeyValuePair<Ipv4Address, MacAddress>> permanent)
    {
        foreach (var (ip, mac) in permanent) _entries[ip] = mac;
    }

    public bool TryGet(Ipv4Address address, out MacAddress mac) => _entries.TryGetValue(address, out mac);

    public void Learn(Ipv4Address address, MacAddress mac) => _entries[address] = mac;

    public int Count => _entries.Count;
}
