using Akka.Actor;

namespace Hashdance.Actors.Messages;

/// <summary>
/// A SYN that a TIME_WAIT entry accepted (TCP_TW_SYN): the listener processes it with <paramref name="Isn"/>
/// (tw_snd_nxt + 65537) instead of a fresh ISN, as tcp_v4_rcv does through tcp_tw_isn. The listener owns the frame.
/// </summary>
public sealed record SynFromTimeWait(SegmentArrived Segment, uint Isn) : INoSerializationVerificationNeeded;
