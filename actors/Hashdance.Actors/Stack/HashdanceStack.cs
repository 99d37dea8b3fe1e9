using Akka.Actor;
using Hashdance.Actors.Cluster;
using Hashdance.Actors.Egress;
using Hashdance.Actors.Support;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Stack;

/// <summary>
/// One Hashdance stack in an existing ActorSystem: a link, its addresses and sysctls, and the actor tree on top
/// (<see cref="TcpManager"/> → NicIngress, listeners, connections). Send <c>Bind</c> and <c>Connect</c> to
/// <see cref="Manager"/>, as to Akka.IO's TCP manager.
/// </summary>
public sealed class HashdanceStack
{
    private HashdanceStack(ActorSystem system, StackContext context, IActorRef manager)
    {
        System = system;
        Context = context;
        Manager = manager;
    }

    /// <summary>The ActorSystem the stack lives in.</summary>
    public ActorSystem System { get; }

    public StackContext Context { get; }
    public IActorRef Manager { get; }
    public StackSettings Settings => Context.Settings;
    public MibCounters Counters => Context.Mib;

    /// <summary>The ingress actor (owner of the ehash and listener table).</summary>
    public IActorRef Ingress => Context.Ingress;

    /// <summary>
    /// Starts a stack on <paramref name="link"/>. The clock defaults to the ActorSystem's scheduler, so under
    /// Akka.TestKit's TestScheduler the whole stack runs in virtual time.
    /// </summary>
    public static HashdanceStack Start(ActorSystem system, StackSettings settings, ILink link, IClock? clock = null) =>
        Start(system, settings, link, clock, nic: null);

    /// <summary>
    /// Starts the socket half of a stack whose link and ingress live on another node (the <c>sockets</c> cluster
    /// role): listeners and connections run here, register with <paramref name="nic"/>'s ingress over remoting and
    /// send their frames to its egress relay.
    /// </summary>
    public static HashdanceStack StartOnRemoteNic(ActorSystem system, StackSettings settings, NicEndpoint nic, IClock? clock = null) =>
        Start(system, settings, new RemoteLink(new LinkInfo($"{settings.Name}-remote", settings.Mac, settings.Mtu), nic.EgressRelay), clock, nic);

    private static HashdanceStack Start(ActorSystem system, StackSettings settings, ILink link, IClock? clock, NicEndpoint? nic)
    {
        // The socket actors' mailbox must be known to the system before the first one is spawned.
        if (!system.Settings.Config.HasPath(CompactMailbox.ConfigPath)) system.Settings.InjectTopLevelFallback(CompactMailbox.Registration);
        // Akka's HashedWheelTimerScheduler starts its worker on the thread pool at the first schedule and blocks the
        // caller until it runs; if that first schedule comes from a burst of socket actors (each SYN arms its RTO),
        // every pool thread can end up blocked behind mailbox runs queued ahead of the worker. Started here, by the
        // thread that builds the stack, while the pool is idle.
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });
        var mib = new MibCounters();
        clock ??= new SchedulerClock(system.Scheduler);
        var neighbours = new NeighbourTable(settings.StaticNeighbours, system.Scheduler, clock, settings.Neighbours, settings.Seed);
        var egress = new Egress.Egress(link, settings.Mac, neighbours, mib, settings.Address, settings.PrefixLength, settings.Gateway, nextHopOnNic: nic is not null);
        var context = new StackContext(settings, mib, clock, egress);
        if (nic is not null) context.Ingress = nic.Ingress;
        var manager = system.ActorOf(TcpManager.Props(context, link), $"hashdance-{settings.Name}");
        if (settings.Neighbours.AnnounceAtStart) neighbours.Announce();
        return new HashdanceStack(system, context, manager);
    }
}
