using Akka.Actor;
using Hashdance.Protocol.Time;

namespace Hashdance.NicIo;

/// <summary>
/// A point-to-point Ethernet cable between two <see cref="InMemoryLink"/> ends, <see cref="A"/> and <see cref="B"/>.
/// A frame sent on one end reaches the other end's sink after <see cref="PropagationDelay"/>, timed by the Akka
/// scheduler, so under TestScheduler a whole stack-to-stack exchange runs in virtual time.
/// </summary>
/// <remarks>
/// With a zero delay the frame is delivered synchronously, on the sender's thread, before <see cref="ILink.Send"/>
/// returns. Going through the scheduler would not give "no delay": the default HashedWheelTimerScheduler rounds
/// every delay up to its tick (10 ms by default), and TestScheduler runs zero-delay work only at the next Advance.
/// Synchronous delivery means a sink that answers at once re-enters the sending code on the same thread; the
/// actor-based stack only Tells from its sink, so that is harmless there.
/// </remarks>
public sealed class InMemoryWire
{
    private InMemoryWire(InMemoryLink a, InMemoryLink b, TimeSpan propagationDelay)
    {
        A = a;
        B = b;
        PropagationDelay = propagationDelay;
    }

    public InMemoryLink A { get; }

    public InMemoryLink B { get; }

    public TimeSpan PropagationDelay { get; }

    /// <param name="clock">Stamps each frame with its arrival time at the receiving end.</param>
    public static InMemoryWire Create(IScheduler scheduler, IClock clock, LinkInfo a, LinkInfo b, TimeSpan propagationDelay)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(propagationDelay, TimeSpan.Zero);
        var endA = new InMemoryLink(a, scheduler, clock, propagationDelay);
        var endB = new InMemoryLink(b, scheduler, clock, propagationDelay);
        endA.ConnectTo(endB);
        endB.ConnectTo(endA);
        return new InMemoryWire(endA, endB, propagationDelay);
    }
}
