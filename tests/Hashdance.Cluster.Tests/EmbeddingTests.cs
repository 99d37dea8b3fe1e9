using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Serialization;
using Hashdance.Actors.Api;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Stack;
using Hashdance.Cluster.Experiments;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hashdance.Cluster.Tests;

/// <summary>Hashdance inside an ActorSystem the application owns: through Akka.Hosting, and through HOCON alone.</summary>
public sealed class EmbeddingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static StackSettings Server => ClusterExperiment.ServerSettings(new ClusterExperimentOptions());

    private static InMemoryWire OpenWire(ActorSystem system) =>
        InMemoryWire.Create(system.Scheduler, new SchedulerClock(system.Scheduler), new LinkInfo("server", ClusterExperiment.ServerMac, 1500),
            new LinkInfo("client", ClusterExperiment.ClientMac, 1500), TimeSpan.Zero);

    private static HashdanceStack StartClient(ActorSystem system, InMemoryWire wire) => HashdanceStack.Start(system, new StackSettings
    {
        Name = "client", Address = ClusterExperiment.ClientAddress, Mac = ClusterExperiment.ClientMac, Seed = 5,
        StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [ClusterExperiment.ServerAddress] = ClusterExperiment.ServerMac },
    }, wire.B);

    [Fact]
    public async Task WithHashdance_registers_a_manager_that_binds_and_accepts()
    {
        InMemoryWire? wire = null;
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("embedded", (builder, _) => builder.WithHashdance(new HashdanceOptions
            {
                Stack = Server, Roles = [HashdanceRoles.Nic, HashdanceRoles.Sockets], Link = system => (wire = OpenWire(system)).A,
            })))
            .Build();
        await host.StartAsync();
        try
        {
            var manager = await host.Services.GetRequiredService<IRequiredActor<HashdanceManager>>().GetAsync();
            var system = host.Services.GetRequiredService<ActorSystem>();
            Assert.IsType<HyperionSerializer>(system.Serialization.FindSerializerForType(typeof(EhashInsert)));
            Assert.Equal("in-memory", system.Settings.Config.GetString("hashdance.links.default"));

            var endpoint = new Ipv4Endpoint(ClusterExperiment.ServerAddress, 8080);
            var handler = system.ActorOf(EchoAcceptor.Props(0));
            Assert.Equal(new Bound(endpoint), await manager.Ask<TcpEvent>(new Bind(handler, endpoint), Timeout));
            var client = StartClient(system, wire!);
            var connected = Assert.IsType<Connected>(await client.Manager.Ask<TcpEvent>(new Connect(endpoint), Timeout));
            Assert.Equal(endpoint, connected.RemoteAddress);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task HOCON_alone_gives_roles_and_sysctls_and_the_extension_starts_once()
    {
        var config = ConfigurationFactory.ParseString("""
            hashdance.cluster.roles = [nic, sockets]
            hashdance.sysctl { tcp_migrate_req = 1, somaxconn = 256 }
            """).WithFallback(HashdanceConfig.Full);
        using var system = ActorSystem.Create("hocon", config);
        var extension = HashdanceExtension.Get(system);
        Assert.Null(extension.Node);
        var node = extension.Start(new HashdanceOptions { Stack = Server, Link = s => OpenWire(s).A, SysctlsFromConfig = true });
        Assert.Same(node, extension.Node);
        Assert.Equal([HashdanceRoles.Nic, HashdanceRoles.Sockets], node.Roles);
        Assert.Equal(1, node.NicStack!.Settings.Sysctls.TcpMigrateReq);
        Assert.Equal(256, node.NicStack.Settings.Sysctls.Somaxconn);
        Assert.Same(node.NicStack, await node.SocketsStack!);
        Assert.Throws<InvalidOperationException>(() => extension.Start(new HashdanceOptions { Stack = Server }));
        await system.Terminate();
    }

    [Fact]
    public async Task Without_the_bindings_in_its_config_the_extension_binds_hashdance_messages_to_hyperion_itself()
    {
        using var system = ActorSystem.Create("bare", HashdanceConfig.Reference);
        Assert.IsNotType<HyperionSerializer>(system.Serialization.FindSerializerForType(typeof(EhashInsert)));
        HashdanceExtension.Get(system).Start(new HashdanceOptions { Stack = Server, Roles = [HashdanceRoles.Nic], Link = s => OpenWire(s).A });
        Assert.All(HyperionBindings.MessageTypes, t => Assert.IsType<HyperionSerializer>(system.Serialization.FindSerializerForType(t)));
        await system.Terminate().WaitAsync(Timeout);
    }

    [Theory]
    [InlineData("nic,sockets", new[] { "nic", "sockets" })]
    [InlineData(" Sockets ,sockets", new[] { "sockets" })]
    public void Roles_parse(string text, string[] expected) => Assert.Equal(expected, HashdanceRoles.Parse(text.Split(',')));

    [Fact]
    public void Unknown_roles_are_errors()
    {
        Assert.Throws<ArgumentException>(() => HashdanceRoles.Parse(["nic", "router"]));
        Assert.Throws<ArgumentException>(() => HashdanceRoles.Parse([" "]));
    }
}
