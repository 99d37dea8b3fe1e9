using Akka.Actor;
using Hashdance.Actors.Sockets;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>
/// The base class of a Hashdance test: one stack (192.168.0.1) on an in-memory wire with a <see cref="ScriptedPeer"/>
/// (192.0.2.1) at the other end, all in virtual time and on one thread (see <see cref="StackUnderTest"/>), plus fault
/// plans and assertions on the stack's state.
/// </summary>
/// <remarks>
/// Faults: <see cref="WithLinkFaults"/> (loss, duplication, reordering, corruption, delay on the wire, seeded),
/// <see cref="CrashAt"/> (a socket actor fails at a named <see cref="CrashPoint"/>, and supervision takes over) and
/// <see cref="DropMessages{TMessage}"/> (a message between two named actors is lost). Node kill and partition are
/// cluster faults and not part of this single-stack kit.
/// </remarks>
public abstract class HashdanceTestKit : StackUnderTest
{
    /// <summary>Long enough for every request-sock and connection timer of a forgotten socket to have fired (SYN-ACK retries end at 63 s).</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(75);

    private (FaultPlan ToStack, FaultPlan ToPeer, int Seed)? _linkFaults;
    private CrashPlan? _crashes;
    private MessageDropPlan? _drops;

    /// <summary>The fault injector between the peer and the wire, once the stack started with <see cref="WithLinkFaults"/>.</summary>
    public FaultInjector? LinkFaults { get; private set; }

    /// <summary>
    /// Puts seeded link faults between the peer and the stack: <paramref name="toStack"/> for the peer's frames,
    /// <paramref name="toPeer"/> for the stack's. Call before the stack starts.
    /// </summary>
    public void WithLinkFaults(FaultPlan toStack, FaultPlan toPeer, int seed = 1)
    {
        if (Started) throw new InvalidOperationException("plan link faults before the stack starts (before the first use of Stack, Peer or Bind)");
        _linkFaults = (toStack, toPeer, seed);
    }

    protected override ILink DecoratePeerLink(ILink wireEnd)
    {
        if (_linkFaults is not { } faults) return wireEnd;
        LinkFaults = new FaultInjector(wireEnd, faults.ToStack, faults.ToPeer, Sys.Scheduler, faults.Seed);
        return LinkFaults;
    }

    /// <summary>
    /// Makes the socket actor that reaches <paramref name="point"/> for the <paramref name="occurrence"/>-th time (for
    /// <paramref name="only"/>, when given) throw an <see cref="InjectedCrashException"/> there. Returns the plan, which
    /// records the crashes. Starts the stack with the default sysctls if <see cref="StackUnderTest.Start"/> has not run.
    /// </summary>
    public CrashPlan CrashAt(CrashPoint point, int occurrence = 1, FourTuple? only = null)
    {
        _crashes ??= new CrashPlan();
        Stack.Context.CrashPoints = _crashes;
        return _crashes.Arm(point, occurrence, only);
    }

    /// <summary>Loses the next <paramref name="count"/> <typeparamref name="TMessage"/>s from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public MessageDropPlan DropMessages<TMessage>(StackActorKind from, StackActorKind to, int count = 1)
    {
        if (!Deterministic) throw new InvalidOperationException("dropping messages needs the manual dispatcher (a deterministic kit)");
        _drops ??= new MessageDropPlan();
        _ = Stack;
        Dispatcher.DropFilter = _drops.ShouldDrop;
        return _drops.Drop<TMessage>(from, to, count);
    }

    /// <summary>Runs the actors, then asserts the value of one MIB counter.</summary>
    public void AssertCounter(MibCounter counter, long expected)
    {
        Run();
        var actual = Counters[counter];
        Assert.True(expected == actual, $"counter {counter}: expected {expected} but it is {actual}");
    }

    /// <summary>The 4-tuples in the ingress's ehash (connections and request socks; TIME_WAIT entries are kept apart), sorted.</summary>
    public IReadOnlyList<FourTuple> Ehash()
    {
        var tuples = Tables().Ehash.Keys.ToList();
        tuples.Sort(CompareTuples);
        return tuples;
    }

    /// <summary>Asserts that the ehash holds exactly <paramref name="expected"/> (in any order).</summary>
    public void AssertEhash(params FourTuple[] expected)
    {
        var want = expected.ToList();
        want.Sort(CompareTuples);
        var actual = Ehash();
        Assert.True(want.SequenceEqual(actual), $"ehash: expected [{string.Join("; ", want)}] but it holds [{string.Join("; ", actual)}]");
    }

    /// <summary>The 4-tuples of the children in <paramref name="listener"/>'s accept queue, oldest first.</summary>
    public IReadOnlyList<FourTuple> AcceptQueue(BoundListener listener)
    {
        var probe = CreateTestProbe();
        Run();
        listener.Listener.Tell(ListenerActor.GetAcceptQueue.Instance, probe.Ref);
        Run();
        return probe.ExpectMsg<ListenerActor.AcceptQueue>(TimeSpan.FromSeconds(Deterministic ? 1 : 5)).Children;
    }

    /// <summary>Asserts the accept queue of <paramref name="listener"/>, in order.</summary>
    public void AssertAcceptQueue(BoundListener listener, params FourTuple[] expected)
    {
        var actual = AcceptQueue(listener);
        Assert.True(expected.SequenceEqual(actual), $"accept queue: expected [{string.Join("; ", expected)}] but it holds [{string.Join("; ", actual)}]");
    }

    /// <summary>Whether <paramref name="actor"/> is still alive (it answers <see cref="Identify"/>).</summary>
    public bool IsAlive(IActorRef actor)
    {
        var probe = CreateTestProbe();
        Run();
        actor.Tell(new Identify(null), probe.Ref);
        Run();
        return probe.ExpectMsg<ActorIdentity>(TimeSpan.FromSeconds(Deterministic ? 1 : 5)).Subject is not null;
    }

    /// <summary>Every listener, request sock and connection actor of the stack that is alive now.</summary>
    public IReadOnlyList<IActorRef> SocketActors()
    {
        var found = new List<IActorRef>();
        var probe = CreateTestProbe();
        var root = Stack.Manager.Path.ToStringWithoutAddress();
        for (var depth = 1; depth <= 2; depth++)
        {
            Run();
            var pattern = root + string.Concat(Enumerable.Repeat("/*", depth));
            Sys.ActorSelection(pattern).Tell(new Identify(depth), probe.Ref);
            Run();
            while (probe.HasMessages)
            {
                if (probe.ReceiveOne(TimeSpan.Zero) is ActorIdentity { Subject: { } actor } && !actor.Equals(Stack.Ingress)) found.Add(actor);
            }
        }
        return found;
    }

    /// <summary>
    /// Asserts that nothing of the stack's sockets outlived them: the ehash is empty, the only socket actors alive
    /// are <paramref name="liveListeners"/> (with no request, queued child or child actor left), and no timer fires:
    /// virtual time moves on by <see cref="QuietPeriod"/> without a frame on the wire.
    /// </summary>
    public void AssertNoLeaks(params BoundListener[] liveListeners)
    {
        AssertEhash();
        foreach (var listener in liveListeners)
        {
            var state = QueueState(listener);
            Assert.True(state is { RequestQueueLength: 0, AcceptQueueLength: 0, Children: 0 },
                $"listener on {listener.Address}: expected no requests, queued children or child actors, but it has {state}");
        }
        var actors = SocketActors();
        var expected = liveListeners.Select(l => l.Listener).ToHashSet();
        Assert.True(actors.Count == expected.Count && actors.All(expected.Contains),
            $"socket actors: expected only the {expected.Count} live listener(s), but these are alive: [{string.Join("; ", actors.Select(a => a.Path.ToStringWithoutAddress()))}]");
        Advance(QuietPeriod);
        ExpectNoFrame();
    }

    private static int CompareTuples(FourTuple x, FourTuple y)
    {
        var c = x.LocalAddress.Value.CompareTo(y.LocalAddress.Value);
        if (c == 0) c = x.LocalPort.CompareTo(y.LocalPort);
        if (c == 0) c = x.RemoteAddress.Value.CompareTo(y.RemoteAddress.Value);
        return c != 0 ? c : x.RemotePort.CompareTo(y.RemotePort);
    }
}
