using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Messages;

/// <summary>
/// The listener's first message to a Fast Open child it just spawned (tcp_try_fastopen → tcp_fastopen_create_child):
/// the request tcp_conn_request built and the SYN itself, whose data the child queues for reading before it sends
/// the SYN-ACK. The child owns the frame from here on.
/// </summary>
public sealed record StartFastOpenChild(RequestSockState Request, SegmentArrived Syn) : Akka.Actor.INoSerializationVerificationNeeded;
