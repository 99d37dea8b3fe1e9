using Akka.Actor;

namespace Hashdance.Actors.Messages;

/// <summary>
/// The segments a request sock received between asking for its child and being unhashed, in arrival order: the
/// child processes them before anything that reached it directly, so the swap loses, reorders and repeats nothing.
/// </summary>
public sealed record HandOff(IReadOnlyList<SegmentArrived> Segments) : INoSerializationVerificationNeeded
{
    public static HandOff Empty { get; } = new(Array.Empty<SegmentArrived>());
}
