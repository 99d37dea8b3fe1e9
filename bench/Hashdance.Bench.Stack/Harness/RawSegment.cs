using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>The fields of a TCP/IPv4 frame a raw benchmark peer needs to answer it.</summary>
public readonly record struct RawSegment(MacAddress DestinationMac, Ipv4Address Source, ushort SourcePort, Ipv4Address Destination,
    ushort DestinationPort, SeqNum Seq, SeqNum Ack, TcpFlags Flags, bool HasTimestamp, uint TsVal, uint TsEcr)
{
    public bool IsSyn => (Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
    public bool IsSynAck => (Flags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);
    public bool IsRst => (Flags & TcpFlags.Rst) != 0;
}
