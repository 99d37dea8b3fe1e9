using Akka.Actor;
using Akka.Configuration;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>
/// The two hosts every benchmark uses: a server (192.168.0.1/24) and a client (192.0.2.1, off the server's subnet,
/// reached through a static neighbour entry), joined by a zero-delay in-memory wire, plus a default gateway on the
/// server so that replies to spoofed flood sources have a next hop.
/// </summary>
public static class BenchNetwork
{
    public static readonly Ipv4Address ServerAddress = Ipv4Address.Parse("192.168.0.1");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly Ipv4Address ClientAddress = Ipv4Address.Parse("192.0.2.1");
    public static readonly MacAddress ClientMac = MacAddress.Parse("02:00:00:00:00:02");
    public static readonly Ipv4Address GatewayAddress = Ipv4Address.Parse("192.168.0.254");
    public static readonly MacAddress GatewayMac = MacAddress.Parse("02:00:00:00:00:fe");

    /// <summary>The gateway's MAC as it appears on the wire.</summary>
    public static ReadOnlySpan<byte> GatewayMacBytes => [0x02, 0x00, 0x00, 0x00, 0x00, 0xfe];

    /// <summary>An ActorSystem as the hashdance CLI configures it: quiet logging, no dead-letter chatter.</summary>
    public static ActorSystem CreateSystem(string name) => ActorSystem.Create(name, ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """));

    /// <summary>A zero-delay wire: end A is the server's, end B the client's (or whatever stands in for it).</summary>
    public static InMemoryWire CreateWire(ActorSystem system) =>
        InMemoryWire.Create(system.Scheduler, new SchedulerClock(system.Scheduler), new LinkInfo("server", ServerMac, 1500),
            new LinkInfo("client", ClientMac, 1500), TimeSpan.Zero);

    public static HashdanceStack StartServer(ActorSystem system, ILink link, TcpSysctls sysctls) =>
        HashdanceStack.Start(system, new StackSettings
        {
            Name = "server", Address = ServerAddress, Mac = ServerMac, Sysctls = sysctls, Seed = 11, Gateway = GatewayAddress,
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ClientAddress] = ClientMac, [GatewayAddress] = GatewayMac },
        }, link);

    public static HashdanceStack StartClient(ActorSystem system, ILink link, TcpSysctls sysctls) =>
        HashdanceStack.Start(system, new StackSettings
        {
            Name = "client", Address = ClientAddress, Mac = ClientMac, Sysctls = sysctls, Seed = 12,
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ServerAddress] = ServerMac },
        }, link);
}
