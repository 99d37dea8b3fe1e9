using Akka.Actor;
using Hashdance.Protocol.Time;

namespace Hashdance.NicIo;

/// <summary>
/// The stack clock read from an Akka scheduler's <see cref="ITimeProvider.Now"/>, in microseconds since the Unix
/// epoch. Under Akka.TestKit's TestScheduler it reports virtual time, so timers and timestamps agree in tests.
/// </summary>
/// <remarks>
/// <see cref="ITimeProvider.Now"/> is wall-clock time and may step backwards (NTP, a test's AdvanceTo). TCP timers
/// and RTT samples assume time never runs backwards (the kernel uses a monotonic <c>tcp_clock_us</c>), so each
/// reading is clamped to be at least the previous one.
/// </remarks>
public sealed class SchedulerClock(IScheduler scheduler) : IClock
{
    private readonly IScheduler _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
    private long _last = long.MinValue;

    public long NowMicros
    {
        get
        {
            var now = (_scheduler.Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
            var seen = Volatile.Read(ref _last);
            while (now > seen)
            {
                var previous = Interlocked.CompareExchange(ref _last, now, seen);
                if (previous == seen) return now;
                seen = previous;
            }
            return seen;
        }
    }
}
