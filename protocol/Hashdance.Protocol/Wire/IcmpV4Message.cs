namespace Hashdance.Protocol.Wire;

/// <summary>ICMPv4 message types (RFC 792, RFC 950) up to NR_ICMP_TYPES (18); the value is the type byte.</summary>
public enum IcmpV4Message : byte
{
    EchoReply = 0,
    DestinationUnreachable = 3,
    SourceQuench = 4,
    Redirect = 5,
    EchoRequest = 8,
    TimeExceeded = 11,
    ParameterProblem = 12,
    TimestampRequest = 13,
    TimestampReply = 14,
    InformationRequest = 15,
    InformationReply = 16,
    AddressMaskRequest = 17,
    AddressMaskReply = 18,
}
