namespace Hashdance.Protocol.Wire;

/// <summary>IANA protocol numbers carried in the IPv4 protocol field.</summary>
public enum IpProtocol : byte
{
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
}
