namespace Hashdance.Packetdrill.Language;

/// <summary>
/// The timing column. <see cref="Start"/> is in microseconds, relative to the previous event when
/// <see cref="StartRelative"/> (<c>+0.1</c>) and from the script start otherwise. A range (<c>a~b</c>, outbound
/// packets only) or a blocking call's return time (<c>start...end</c>) sets <see cref="End"/>; for a blocking call a
/// relative start makes the end relative to the same base as the start (the previous event).
/// </summary>
public sealed record EventTime(EventTimeKind Kind, long Start, bool StartRelative, long? End = null, bool EndRelative = false)
{
    public static EventTime AnyTime { get; } = new(EventTimeKind.Any, 0, false);
}
