namespace Hashdance.NicIo;

/// <summary>
/// What a <see cref="FaultInjector"/> does to the frames of one direction, in the spirit of Linux's <c>sch_netem</c>
/// (loss, duplicate, reorder, corrupt, delay with jitter). Rates are probabilities per frame in [0, 1], drawn
/// independently of each other.
/// </summary>
public sealed record FaultPlan
{
    /// <summary>No faults: every frame passes at once.</summary>
    public static FaultPlan None { get; } = new();

    public double LossRate { get; init => field = CheckRate(value, nameof(LossRate)); }

    /// <summary>A duplicated frame is followed by an identical copy (corruption included) on the same path.</summary>
    public double DuplicateRate { get; init => field = CheckRate(value, nameof(DuplicateRate)); }

    /// <summary>
    /// A reordered frame is held back and released right after the next frame that passes, or after
    /// <see cref="ReorderHold"/> if no frame follows. One frame is held at a time.
    /// </summary>
    public double ReorderRate { get; init => field = CheckRate(value, nameof(ReorderRate)); }

    /// <summary>A corrupted frame has one byte, chosen at random, XORed with a random non-zero value.</summary>
    public double CorruptRate { get; init => field = CheckRate(value, nameof(CorruptRate)); }

    public TimeSpan Delay { get; init => field = CheckNotNegative(value, nameof(Delay)); }

    /// <summary>Each frame's delay is <see cref="Delay"/> plus a uniform offset in [-Jitter, +Jitter], floored at zero.</summary>
    public TimeSpan Jitter { get; init => field = CheckNotNegative(value, nameof(Jitter)); }

    public TimeSpan ReorderHold
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(ReorderHold), value, "The reorder hold time must be positive.");
    } = TimeSpan.FromMilliseconds(10);

    private static double CheckRate(double value, string name) =>
        value is >= 0.0 and <= 1.0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1.");

    private static TimeSpan CheckNotNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");
}
