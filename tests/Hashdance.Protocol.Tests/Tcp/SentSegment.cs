using Hashdance.Protocol.Tcp;

namespace Hashdance.Protocol.Tests.Tcp;

/// <summary>A segment a core transmitted, with a copy of its payload.</summary>
public sealed record SentSegment(OutSegment Segment, byte[] Payload);
