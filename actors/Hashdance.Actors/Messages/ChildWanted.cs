using Akka.Actor;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Messages;

/// <summary>
/// The design card's tcp_check_req-equivalent message: a request sock validated the third ACK and asks its listener
/// for the child (syn_recv_sock). <paramref name="Ack"/> travels on to the child, which processes it first.
/// </summary>
public sealed record ChildWanted(RequestSockState State, SegmentArrived Ack) : INoSerializationVerificationNeeded;
