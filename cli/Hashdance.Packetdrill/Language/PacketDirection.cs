namespace Hashdance.Packetdrill.Language;

/// <summary><c>&lt;</c>: injected by the remote peer; <c>&gt;</c>: must be emitted by the stack under test.</summary>
public enum PacketDirection
{
    Inbound,
    Outbound,
}
