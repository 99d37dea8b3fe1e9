namespace Hashdance.NicIo;

/// <summary>
/// A snapshot of what a <see cref="FaultInjector"/> did. Every frame that comes in is either lost or passed on, so
/// <c>FramesIn == Lost + Passed</c>; the other counters say what happened to passed frames on the way (a frame can be
/// corrupted, duplicated, reordered and delayed at once), and <c>Passed + Duplicated</c> frames come out.
/// </summary>
public readonly record struct FaultCounters(
    long FramesIn,
    long Lost,
    long Duplicated,
    long Reordered,
    long Corrupted,
    long Delayed,
    long Passed)
{
    public long FramesOut => Passed + Duplicated;

    public static FaultCounters operator +(FaultCounters x, FaultCounters y) => new(
        x.FramesIn + y.FramesIn,
        x.Lost + y.Lost,
        x.Duplicated + y.Duplicated,
        x.Reordered + y.Reordered,
        x.Corrupted + y.Corrupted,
        x.Delayed + y.Delayed,
        x.Passed + y.Passed);
}
