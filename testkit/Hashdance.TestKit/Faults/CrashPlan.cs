using Hashdance.Actors.Stack;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>
/// Which socket actors fail where: each armed crash throws an <see cref="InjectedCrashException"/> once, the
/// <c>occurrence</c>-th time its <see cref="CrashPoint"/> is reached (for one 4-tuple, or any). Installed as the
/// stack's <see cref="ICrashPoints"/>; the actors run on the test's thread, so no locking is needed.
/// </summary>
public sealed class CrashPlan : ICrashPoints
{
    private readonly List<Armed> _armed = new();
    private readonly List<InjectedCrashException> _crashes = new();
    private readonly Dictionary<CrashPoint, int> _reached = new();

    /// <summary>The crashes thrown so far, in order.</summary>
    public IReadOnlyList<InjectedCrashException> Crashes => _crashes;

    /// <summary>How many times any actor reached <paramref name="point"/>.</summary>
    public int TimesReached(CrashPoint point) => _reached.GetValueOrDefault(point);

    /// <summary>Arms a crash at the <paramref name="occurrence"/>-th time <paramref name="point"/> is reached (for <paramref name="only"/>, when given).</summary>
    public CrashPlan Arm(CrashPoint point, int occurrence = 1, FourTuple? only = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        _armed.Add(new Armed(point, occurrence, only));
        return this;
    }

    public void Reached(CrashPoint point, FourTuple tuple)
    {
        _reached[point] = TimesReached(point) + 1;
        for (var i = 0; i < _armed.Count; i++)
        {
            var armed = _armed[i];
            if (armed.Point != point || (armed.Only is { } only && only != tuple)) continue;
            if (++armed.Seen < armed.Occurrence) continue;
            _armed.RemoveAt(i);
            var crash = new InjectedCrashException(point, tuple);
            _crashes.Add(crash);
            throw crash;
        }
    }

    private sealed class Armed(CrashPoint point, int occurrence, FourTuple? only)
    {
        public CrashPoint Point { get; } = point;
        public int Occurrence { get; } = occurrence;
        public FourTuple? Only { get; } = only;
        public int Seen { get; set; }
    }
}
