using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace Hashdance.Actors.Tests.Harness;

/// <summary>
/// A TestKit in virtual time where every actor (system actors included) runs on the calling thread: TestScheduler
/// for time, Akka's calling-thread dispatcher for the actors, so every message is handled synchronously inside the
/// Tell or Advance that caused it and nothing depends on the wall clock.
/// </summary>
/// <param name="scheduler">The scheduler's type: Akka.TestKit's TestScheduler or a subclass of it.</param>
public abstract class SynchronousVirtualTimeTestKit(string scheduler = "Akka.TestKit.TestScheduler, Akka.TestKit") : Akka.TestKit.Xunit2.TestKit($"""
    akka.scheduler.implementation = "{scheduler}"
    akka.actor.default-dispatcher.type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
    akka.actor.internal-dispatcher.type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
    """)
{
    protected TestScheduler Clockwork => (TestScheduler)Sys.Scheduler;

    /// <summary>An <c>advanceTime</c> callback for the experiments: moves virtual time on by <paramref name="step"/>.</summary>
    protected Func<Task> AdvanceBy(TimeSpan step) => () =>
    {
        Clockwork.Advance(step);
        return Task.CompletedTask;
    };
}
