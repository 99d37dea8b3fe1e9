using Akka.Actor;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Harness;

/// <summary>A client stack and a server stack joined by an in-memory wire (optionally through decorators).</summary>
public sealed class TwoStacks
{
    public static readonly Ipv4Address ServerAddress = Ipv4Address.Parse("192.168.0.1");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly Ipv4Address ClientAddress = Ipv4Address.Parse("192.168.0.2");
    public static readonly MacAddress ClientMac = MacAddress.Parse("02:00:00:00:00:02");

    /// <param name="nameSuffix">Appended to the stacks' names ("server", "client"), so one ActorSystem can hold several pairs.</param>
    public TwoStacks(ActorSystem system, TcpSysctls? serverSysctls = null, TcpSysctls? clientSysctls = null, TimeSpan? delay = null,
        Func<ILink, ILink>? decorateClient = null, string nameSuffix = "")
    {
        var clock = new SchedulerClock(system.Scheduler);
        Wire = InMemoryWire.Create(system.Scheduler, clock, new LinkInfo("server", ServerMac, 1500), new LinkInfo("client", ClientMac, 1500), delay ?? TimeSpan.Zero);
        Server = HashdanceStack.Start(system, new StackSettings
        {
            Name = "server" + nameSuffix, Address = ServerAddress, Mac = ServerMac, Sysctls = serverSysctls ?? TcpSysctls.Default, Seed = 11,
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ClientAddress] = ClientMac },
        }, Wire.A, clock);
        ILink clientLink = Wire.B;
        if (decorateClient is not null) clientLink = decorateClient(clientLink);
        Client = HashdanceStack.Start(system, new StackSettings
        {
            Name = "client" + nameSuffix, Address = ClientAddress, Mac = ClientMac, Sysctls = clientSysctls ?? TcpSysctls.Default, Seed = 22,
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ServerAddress] = ServerMac },
        }, clientLink, clock);
    }

    public InMemoryWire Wire { get; }
    public HashdanceStack Server { get; }
    public HashdanceStack Client { get; }
}
