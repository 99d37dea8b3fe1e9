using Akka.Actor;
using Hashdance.NicIo;

namespace Hashdance.Actors.Messages;

/// <summary>
/// A validated TCP segment for a socket actor, which now owns <paramref name="Frame"/> and must dispose it.
/// <paramref name="IpOffset"/> is where the IPv4 header starts; the socket re-reads the headers through span views (a
/// few nanoseconds) and parses the options with its own settings, as tcp_parse_options does per socket.
/// </summary>
/// <remarks>
/// The ingress hands a segment to a local socket in the ehash as the frame's pooled <see cref="FrameSlot"/> itself,
/// which allocates nothing; this record is the form for every other path: a socket on another node (it crosses the
/// cluster through Hyperion), the listeners, a request sock's held segments and hand-offs, and a segment handed back
/// to the ingress for a second lookup. <see cref="From"/> converts a slot into it.
/// </remarks>
public sealed record SegmentArrived(PooledFrame Frame, int IpOffset) : INoSerializationVerificationNeeded
{
    /// <summary>Claims the frame a <see cref="FrameSlot"/> message carries; the caller owns the result.</summary>
    public static SegmentArrived From(FrameSlot slot)
    {
        var frame = slot.Claim(out var ipOffset);
        return new SegmentArrived(frame, ipOffset);
    }
}
