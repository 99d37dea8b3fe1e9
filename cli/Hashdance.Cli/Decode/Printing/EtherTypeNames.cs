namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// tcpdump's view of EtherTypes: the names of its <c>ethertype_values</c> table (print-ether.c), the VLAN tag types
/// it skips, and the types for which ethertype_print has a printer (whose output hashdance does not reproduce).
/// </summary>
internal static class EtherTypeNames
{
    public const ushort ReverseArp = 0x8035;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [0x0800] = "IPv4", [0x8847] = "MPLS unicast", [0x8848] = "MPLS multicast", [0x86dd] = "IPv6",
        [0x8100] = "802.1Q", [0x9100] = "802.1Q-9100", [0x88a8] = "802.1Q-QinQ", [0x9200] = "802.1Q-9200",
        [0x88e5] = "802.1AE MACsec", [0x0200] = "PUP", [0x0806] = "ARP", [0x8035] = "Reverse ARP",
        [0x0600] = "NS", [0x0500] = "Sprite", [0x1000] = "Trail", [0x6001] = "MOP DL", [0x6002] = "MOP RC",
        [0x6003] = "DN", [0x6004] = "LAT", [0x6007] = "SCA", [0x6558] = "TEB", [0x8038] = "Lanbridge",
        [0x803c] = "DEC DNS", [0x803e] = "DEC DTS", [0x805b] = "VEXP", [0x805c] = "VPROD", [0x809b] = "Appletalk",
        [0x80f3] = "Appletalk ARP", [0x8137] = "IPX", [0x880b] = "PPP", [0x8808] = "MPCP",
        [0x8809] = "Slow Protocols", [0x8863] = "PPPoE D", [0x8864] = "PPPoE S", [0x888e] = "EAPOL",
        [0x8899] = "Realtek protocols", [0x886f] = "MS NLB heartbeat", [0x8870] = "Jumbo", [0x894f] = "NSH",
        [0x9000] = "Loopback", [0xfefe] = "OSI", [0xabcd] = "CFM (old)", [0x8902] = "CFM",
        [0x893a] = "IEEE1905.1", [0x88cc] = "LLDP", [0x88ca] = "TIPC", [0x0707] = "GeoNet (old)",
        [0x8947] = "GeoNet", [0x1111] = "CALM FAST", [0x88a2] = "AoE", [0x88f7] = "PTP",
        [0xd28b] = "Arista Vendor Specific Protocol",
    };

    /// <summary>Types ethertype_print (and ether_common_print) decode with a printer of their own.</summary>
    private static readonly HashSet<ushort> DecodedByTcpdump =
    [
        0x6003, 0x809b, 0x80f3, 0x8137, 0xfefe, 0x8863, 0x8864, 0x3c12, 0x3c13, 0x888e, 0x8899, 0x880b, 0x8808,
        0x8809, 0x8902, 0xabcd, 0x88cc, 0x894f, 0x9000, 0x8847, 0x8848, 0x88ca, 0x886f, 0x0707, 0x8947, 0x1111,
        0x88a2, 0x88f7, 0x88e5, 0x8870, 0xd28b,
    ];

    public static string Name(ushort type) => Names.TryGetValue(type, out var name) ? name : "Unknown";

    public static bool HasTcpdumpPrinter(ushort type) => DecodedByTcpdump.Contains(type);

    public static bool IsVlanTag(ushort type) => type is 0x8100 or 0x9100 or 0x9200 or 0x88a8;
}
