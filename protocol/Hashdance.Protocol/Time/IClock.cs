namespace Hashdance.Protocol.Time;

/// <summary>
/// The stack's notion of "now" in microseconds since an arbitrary epoch. Sans-IO cores never read a clock
/// themselves; the actor shell passes them this value, so tests can drive virtual time.
/// </summary>
public interface IClock
{
    long NowMicros { get; }
}
