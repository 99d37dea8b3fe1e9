using Hashdance.Actors.Stack;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Tests.Faults;

public sealed class CrashPlanTests
{
    private static readonly FourTuple First = new(Ipv4Address.Parse("192.168.0.1"), 8080, Ipv4Address.Parse("192.0.2.1"), 50000);
    private static readonly FourTuple Second = First with { RemotePort = 50001 };

    [Fact]
    public void A_crash_fires_once_at_its_occurrence_and_only_for_its_tuple()
    {
        var plan = new CrashPlan().Arm(CrashPoint.ConnectionOnSegment, occurrence: 2, only: Second);
        ICrashPoints points = plan;

        points.Reached(CrashPoint.ConnectionOnSegment, First);
        points.Reached(CrashPoint.ConnectionOnSegment, Second);
        points.Reached(CrashPoint.ConnectionOnSegment, First);
        points.Reached(CrashPoint.RequestSockOnSegment, Second);
        var crash = Assert.Throws<InjectedCrashException>(() => points.Reached(CrashPoint.ConnectionOnSegment, Second));
        points.Reached(CrashPoint.ConnectionOnSegment, Second);

        Assert.Equal((CrashPoint.ConnectionOnSegment, Second), (crash.Point, crash.Tuple));
        Assert.Equal($"injected crash at ConnectionOnSegment for {Second}", crash.Message);
        Assert.Equal([crash], plan.Crashes);
        Assert.Equal(5, plan.TimesReached(CrashPoint.ConnectionOnSegment));
        Assert.Equal(1, plan.TimesReached(CrashPoint.RequestSockOnSegment));
    }
}
