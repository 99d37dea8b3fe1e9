using Akka.Actor;
using Hashdance.NicIo;

namespace Hashdance.Actors.Messages;

/// <summary>
/// A link handed the ingress a burst of received frames read in one wake-up (under load); the ingress owns every one
/// of <paramref name="Frames"/> and handles them in order, as one message instead of one per frame.
/// </summary>
public sealed record FramesArrived(PooledFrame[] Frames) : INoSerializationVerificationNeeded;
