using Akka.Actor;
using Akka.Configuration;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Packetdrill.Config;
using Hashdance.Packetdrill.Matching;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Runtime;

/// <summary>
/// The stack under test for one script: a fresh ActorSystem on a <see cref="VirtualTimeScheduler"/> with the
/// calling-thread dispatcher (every message is handled inside the Tell that sent it), a Hashdance stack on one end of
/// a zero-delay in-memory wire, and the harness on the other end, which injects the remote peer's frames and
/// records every TCP segment the stack emits with its virtual time.
/// </summary>
public sealed class StackHost : IDisposable, IFrameSink
{
    public static readonly MacAddress StackMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly MacAddress PeerMac = MacAddress.Parse("02:00:00:00:00:02");

    private static readonly Akka.Configuration.Config SystemConfig = ConfigurationFactory.ParseString($$"""
        akka.scheduler.implementation = "{{typeof(VirtualTimeScheduler).FullName}}, {{typeof(VirtualTimeScheduler).Assembly.GetName().Name}}"
        akka.actor.default-dispatcher.type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
        akka.actor.internal-dispatcher.type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """);

    private readonly InMemoryWire _wire;

    private StackHost(StackEnvironment environment)
    {
        Environment = environment;
        System = ActorSystem.Create("packetdrill", SystemConfig);
        Scheduler = (VirtualTimeScheduler)System.Scheduler;
        var clock = new SchedulerClock(System.Scheduler);
        _wire = InMemoryWire.Create(System.Scheduler, clock, new LinkInfo("tun0", StackMac, environment.Mtu), new LinkInfo("peer", PeerMac, environment.Mtu), TimeSpan.Zero);
        _wire.B.Start(this);
        Stack = HashdanceStack.Start(System, new StackSettings
        {
            Name = "under-test",
            Address = environment.LocalAddress,
            PrefixLength = environment.PrefixLength,
            Mac = StackMac,
            Mtu = environment.Mtu,
            Sysctls = environment.Sysctls,
            Seed = 1,
            Gateway = environment.Gateway,
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [environment.Gateway] = PeerMac, [environment.RemoteAddress] = PeerMac },
        }, _wire.A, clock);
    }

    public static StackHost Start(StackEnvironment environment) => new(environment);

    public StackEnvironment Environment { get; }
    public ActorSystem System { get; }
    public VirtualTimeScheduler Scheduler { get; }
    public HashdanceStack Stack { get; }

    /// <summary>Every TCP segment the stack sent, in order.</summary>
    public List<CapturedSegment> Outbound { get; } = [];

    /// <summary>Frames the stack sent that are not TCP segments (ARP, ICMP), described.</summary>
    public List<string> OtherFrames { get; } = [];

    public long NowMicros => Scheduler.ElapsedMicros;

    public void Inject(byte[] frame) => _wire.B.Send(frame);

    void IFrameSink.OnFrame(PooledFrame frame)
    {
        using (frame)
        {
            var segment = CapturedSegment.TryParse(frame.Span, NowMicros, out var problem);
            if (segment is not null) Outbound.Add(segment);
            else OtherFrames.Add($"{NowMicros} us: {problem}");
        }
    }

    public void Dispose()
    {
        Scheduler.Dispose();
        System.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
