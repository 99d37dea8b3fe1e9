using Akka.Actor;
using Hashdance.NicIo;

namespace Hashdance.Actors.Messages;

/// <summary>A link handed the ingress a received frame; the ingress owns <paramref name="Frame"/> from now on.</summary>
public sealed record FrameArrived(PooledFrame Frame) : INoSerializationVerificationNeeded;
