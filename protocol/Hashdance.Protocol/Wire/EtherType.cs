namespace Hashdance.Protocol.Wire;

/// <summary>IEEE 802.3 EtherType values seen by the stack (host-order values of the 2-byte field).</summary>
public enum EtherType : ushort
{
    Ipv4 = 0x0800,
    Arp = 0x0806,
    Vlan = 0x8100,
    Ipv6 = 0x86DD,
}
