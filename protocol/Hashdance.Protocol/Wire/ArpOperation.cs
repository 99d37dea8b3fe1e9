namespace Hashdance.Protocol.Wire;

/// <summary>ARP opcodes (RFC 826) that the stack handles.</summary>
public enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
}
