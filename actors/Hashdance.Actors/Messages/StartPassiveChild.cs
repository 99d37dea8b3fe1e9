using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Messages;

/// <summary>
/// The listener's first message to a child it just spawned (tcp_v4_syn_recv_sock → tcp_child_process): the request's
/// state and the ACK that completed the handshake. It travels as a message, not in the child's Props, so that all
/// children of a listener share one Props and an idle connection does not keep its first ACK alive.
/// </summary>
public sealed record StartPassiveChild(RequestSockState Request, SegmentArrived Ack, bool AwaitHandOff) : Akka.Actor.INoSerializationVerificationNeeded;
