using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Stack;

/// <summary>
/// One stack's identity and configuration: its interface address, MAC and MTU, its static neighbours (the
/// in-memory wire has no ARP to wait for; real links learn neighbours over ARP), its sysctls, and the seed its
/// secrets derive from.
/// </summary>
public sealed record StackSettings
{
    public required string Name { get; init; }
    public required Ipv4Address Address { get; init; }
    public int PrefixLength { get; init; } = 24;
    public required MacAddress Mac { get; init; }
    public int Mtu { get; init; } = 1500;
    public TcpSysctls Sysctls { get; init; } = TcpSysctls.Default;
    public int Seed { get; init; } = 1;

    /// <summary>The default gateway: the next hop for destinations outside Address/PrefixLength (null = none, such
    /// destinations are unreachable).</summary>
    public Ipv4Address? Gateway { get; init; }

    /// <summary>ARP cache tunables (Linux's neigh defaults); other next hops are resolved with ARP.</summary>
    public Egress.NeighbourParameters Neighbours { get; init; } = Egress.NeighbourParameters.Default;

    /// <summary>Neighbours known in advance (permanent ARP entries).</summary>
    public IReadOnlyDictionary<Ipv4Address, MacAddress> StaticNeighbours { get; init; } = new Dictionary<Ipv4Address, MacAddress>();

    /// <summary>The route's advmss: MTU minus the IPv4 and TCP headers (ip_rt_min_advmss aside).</summary>
    public ushort RouteAdvMss => (ushort)(Mtu - 40);
}
