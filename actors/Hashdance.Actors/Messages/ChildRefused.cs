using Akka.Actor;

namespace Hashdance.Actors.Messages;

/// <summary>The listener could not take the child (accept queue full, or closed); the request gets its ACK back.</summary>
public sealed record ChildRefused(SegmentArrived Ack) : INoSerializationVerificationNeeded;
