namespace Hashdance.Protocol.Wire;

/// <summary>ICMPv4 message types (RFC 792) the stack models; the value is the type byte.</summary>
public enum IcmpV4Message : byte
{
    EchoReply = 0,
    DestinationUnreachable = 3,
    EchoRequest = 8,
}
