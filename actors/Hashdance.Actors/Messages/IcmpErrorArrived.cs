using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// An ICMP error (destination unreachable, source quench, redirect, time exceeded, parameter problem: the
/// <paramref name="Type"/> byte) quoting one of our segments reached the socket that owns the quoted 4-tuple
/// (tcp_v4_err / tcp_req_err). <paramref name="QuotedSeq"/> is the quoted sequence number; <paramref name="Mtu"/>
/// is the next-hop MTU for "fragmentation needed".
/// </summary>
public sealed record IcmpErrorArrived(FourTuple Tuple, byte Type, byte Code, SeqNum QuotedSeq, ushort Mtu) : INoSerializationVerificationNeeded;
