using Akka.Actor;
using Hashdance.NicIo;

namespace Hashdance.Actors.Messages;

/// <summary>
/// The ingress validated a TCP segment (lengths, checksums) and routed it to a socket actor, which now owns
/// <paramref name="Frame"/> and must dispose it. <paramref name="IpOffset"/> is where the IPv4 header starts; the
/// socket re-reads the headers through span views (a few nanoseconds) and parses the options with its own settings,
/// as tcp_parse_options does per socket.
/// </summary>
public sealed record SegmentArrived(PooledFrame Frame, int IpOffset) : INoSerializationVerificationNeeded;
