namespace Hashdance.Packetdrill.Language;

/// <summary>The forms of the timing column.</summary>
public enum EventTimeKind
{
    /// <summary><c>0.100</c> or <c>+.1</c>: one instant.</summary>
    Point,

    /// <summary><c>a~b</c>: an outbound packet may appear anywhere in the range.</summary>
    Range,

    /// <summary><c>start...end</c>: a blocking system call that starts at start and returns at end.</summary>
    Blocking,

    /// <summary><c>*</c>: an outbound packet, whenever it comes.</summary>
    Any,
}
