using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Hashdance.Protocol.Wire;

namespace Hashdance.NicIo.Tests;

/// <summary>A TestKit whose scheduler is Akka's TestScheduler, so delays run in virtual time.</summary>
public abstract class VirtualTimeTestKit() : TestKit("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
{
    protected static readonly LinkInfo InfoA = new("a", MacAddress.Parse("02:00:00:00:00:0a"), 1500);
    protected static readonly LinkInfo InfoB = new("b", MacAddress.Parse("02:00:00:00:00:0b"), 1500);

    protected TestScheduler Clockwork => (TestScheduler)Sys.Scheduler;

    protected void AdvanceMicros(long micros) => Clockwork.Advance(TimeSpan.FromMicroseconds(micros));

    /// <summary>
    /// Advances in steps of <paramref name="stepMicros"/>. TestScheduler sets its clock to the end of an Advance
    /// before it runs the work due, and work that this work schedules waits for the next Advance; small steps keep
    /// arrival stamps exact and let chained timers (hold, then delay) run.
    /// </summary>
    protected void AdvanceInSteps(long totalMicros, long stepMicros = 1)
    {
        for (long done = 0; done < totalMicros; done += stepMicros) AdvanceMicros(Math.Min(stepMicros, totalMicros - done));
    }
}
