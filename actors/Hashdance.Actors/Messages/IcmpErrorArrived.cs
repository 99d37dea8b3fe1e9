using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// An ICMP destination-unreachable quoting one of our segments reached the socket that owns the quoted 4-tuple
/// (tcp_v4_err / tcp_req_err). <paramref name="QuotedSeq"/> is the quoted sequence number; <paramref name="Mtu"/>
/// is the next-hop MTU for "fragmentation needed".
/// </summary>
public sealed record IcmpErrorArrived(FourTuple Tuple, byte Code, SeqNum QuotedSeq, ushort Mtu) : INoSerializationVerificationNeeded;
