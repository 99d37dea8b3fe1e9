using Akka.Actor;
using Akka.Dispatch;

namespace Hashdance.TestKit;

/// <summary>
/// A dispatcher that runs nothing by itself: every mailbox run an actor asks for is queued until the test calls
/// <see cref="RunUntilIdle"/>, which runs them one at a time on the test's own thread. With TestScheduler as the
/// clock this makes a whole stack a deterministic, single-threaded program: after <see cref="RunUntilIdle"/> returns
/// nothing is in flight, so "no frame was sent" is a fact, not a timeout. With a <see cref="Interleaving"/> seed the
/// next mailbox to run is picked at random (reproducibly) among those ready, which explores the message orders that
/// a thread pool could produce between different actors; one actor's messages always stay in order.
/// </summary>
public sealed class ManualDispatcher(MessageDispatcherConfigurator configurator) : MessageDispatcher(configurator)
{
    private readonly List<IRunnable> _ready = new();
    private readonly object _gate = new();
    private bool _free;

    /// <summary>
    /// Test-only message loss between actors: when set and it answers true for a message (receiver's cell, envelope),
    /// the message is not enqueued at all, as if it had been lost on the way.
    /// </summary>
    public Func<ActorCell, Envelope, bool>? DropFilter { get; set; }

    public override void Dispatch(ActorCell cell, Envelope envelope)
    {
        if (DropFilter is { } drops && drops(cell, envelope)) return;
        base.Dispatch(cell, envelope);
    }

    /// <summary>Null: run mailboxes in the order they became ready (FIFO). Otherwise: pick among them with this stream.</summary>
    public Random? Interleaving { get; set; }

    protected override void ExecuteTask(IRunnable run)
    {
        lock (_gate)
        {
            if (!_free)
            {
                _ready.Add(run);
                Monitor.PulseAll(_gate);
                return;
            }
        }
        run.Run();
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until some mailbox is ready to run: for work that another thread
    /// hands over, such as a top-level actor that Akka's user guardian creates on its own dispatcher.
    /// </summary>
    public bool WaitForWork(TimeSpan timeout)
    {
        lock (_gate) return _ready.Count > 0 || Monitor.Wait(_gate, timeout);
    }

    /// <summary>
    /// From now on mailboxes run at once on the thread that schedules them, as with Akka's CallingThreadDispatcher;
    /// what is queued runs now. For shutting the ActorSystem down, which must be able to stop these actors.
    /// </summary>
    public void RunFreely()
    {
        lock (_gate) _free = true;
        RunUntilIdle();
    }

    protected override void Shutdown()
    {
        lock (_gate) _ready.Clear();
    }

    /// <summary>Runs queued mailboxes (and whatever they make ready) until none is left; returns how many ran.</summary>
    public int RunUntilIdle(int maxSteps = 1_000_000)
    {
        var steps = 0;
        while (true)
        {
            IRunnable next;
            lock (_gate)
            {
                if (_ready.Count == 0) return steps;
                var index = Interleaving is { } random ? random.Next(_ready.Count) : 0;
                next = _ready[index];
                _ready.RemoveAt(index);
            }
            if (++steps > maxSteps) throw new InvalidOperationException($"the actors did not go idle within {maxSteps} mailbox runs");
            next.Run();
        }
    }
}
