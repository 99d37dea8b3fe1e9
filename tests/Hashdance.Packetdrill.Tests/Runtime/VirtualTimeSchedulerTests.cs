using Akka.Actor;
using Hashdance.Packetdrill.Runtime;

namespace Hashdance.Packetdrill.Tests.Runtime;

public sealed class VirtualTimeSchedulerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("vts", $$"""
        akka.scheduler.implementation = "{{typeof(VirtualTimeScheduler).FullName}}, {{typeof(VirtualTimeScheduler).Assembly.GetName().Name}}"
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        """);

    private VirtualTimeScheduler Scheduler => (VirtualTimeScheduler)_system.Scheduler;

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Fact]
    public void Work_runs_at_its_own_due_time_in_order_and_cancelled_work_does_not_run()
    {
        var ran = new List<(string, long)>();
        var start = Scheduler.ElapsedMicros;
        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(40), () => ran.Add(("b", Scheduler.ElapsedMicros - start)));
        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(10), () => ran.Add(("a", Scheduler.ElapsedMicros - start)));
        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(40), () => ran.Add(("c", Scheduler.ElapsedMicros - start)));
        var cancelled = new Cancelable(_system.Scheduler.Advanced);
        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(20), () => ran.Add(("x", 0)), cancelled);
        cancelled.Cancel();
        Assert.Equal((start + 10_000L), Scheduler.NextDueMicros);

        Scheduler.AdvanceTo(start + 100_000);

        Assert.Equal([("a", 10_000L), ("b", 40_000L), ("c", 40_000L)], ran);
        Assert.Equal(start + 100_000, Scheduler.ElapsedMicros);
        Assert.Null(Scheduler.NextDueMicros);
    }

    [Fact]
    public void Run_next_stops_at_the_limit_and_work_scheduled_while_running_runs_in_the_same_advance()
    {
        var start = Scheduler.ElapsedMicros;
        var times = new List<long>();
        _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(5), () =>
        {
            times.Add(Scheduler.ElapsedMicros - start);
            _system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(5), () => times.Add(Scheduler.ElapsedMicros - start));
        });
        Assert.False(Scheduler.RunNext(start + 4_000));
        Scheduler.AdvanceTo(start + 20_000);
        Assert.Equal([5_000L, 10_000L], times);
    }
}
