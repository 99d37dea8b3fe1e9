using System.CommandLine;
using Akka.Actor;
using Hashdance.Cluster;
using Hashdance.Cluster.Experiments;
using Hashdance.Actors.Apps;
using Hashdance.NicIo;

namespace Hashdance.Cli.Cluster;

/// <summary>
/// <c>hashdance node</c>: one node of a multi-process Hashdance cluster over loopback. A <c>nic</c> node owns the
/// link (--in-memory: an in-memory wire whose far end carries a client stack, driven with --clients); a
/// <c>sockets</c> node finds the nic node through the cluster and, with --echo, binds an echo service with
/// SO_REUSEPORT. With --tap NAME --ip ADDR/LEN the nic node serves a real TAP device (routing and ARP stay on the nic
/// node; sockets nodes give the same --ip) and sockets nodes can serve --app http|echo|discard on --app-port with
/// SO_REUSEPORT, so a kernel client (curl) is answered by a socket actor on another node. Prints "up ADDRESS" on
/// stdout once in the cluster and "bound ADDRESS" once its listener is in the group; runs until the clients are done
/// (nic with --clients) or it is stopped.
/// </summary>
internal static class NodeCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var roles = new Option<string>("--roles") { Description = "Comma-separated roles: nic, sockets.", DefaultValueFactory = _ => "nic,sockets" };
        var seed = new Option<string[]>("--seed") { Description = "Seed node address (akka.tcp://hashdance@host:port); none: this node starts the cluster.", HelpName = "ADDRESS" };
        var hostname = new Option<string>("--hostname") { Description = "Address remoting binds to.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Remoting port (0: any free port).", DefaultValueFactory = _ => 0 };
        var inMemory = new Option<bool>("--in-memory") { Description = "nic: the link is an in-memory wire with a client stack on its far end." };
        var wireOptions = new Wire.WireOptions();
        var tap = wireOptions.Tap;
        var ip = new Option<Wire.InterfaceAddress?>("--ip")
        {
            Description = "With --tap (nic) or --app (sockets): the stack's address and prefix, e.g. 198.51.100.2/24; the same on every node.",
            HelpName = "ADDR/LEN",
            CustomParser = r => Wire.InterfaceAddress.TryParse(r.Tokens[0].Value, out var a) ? a : Fail(r, $"--ip: '{r.Tokens[0].Value}' is not ADDR/LEN"),
        };
        var app = new Option<ServeApp?>("--app") { Description = "sockets: serve this app (SO_REUSEPORT) on --app-port of --ip." };
        var appPort = new Option<int>("--app-port") { Description = "The port --app listens on.", DefaultValueFactory = _ => 80 };
        var clients = new Option<int>("--clients") { Description = "nic with --in-memory: open this many connections through the wire, report, exit.", DefaultValueFactory = _ => 0 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Client connections in flight at once.", DefaultValueFactory = _ => 50 };
        var sockets = new Option<int>("--sockets-nodes") { Description = "nic with --clients: wait for this many listeners in the group first.", DefaultValueFactory = _ => 1 };
        var echo = new Option<bool>("--echo") { Description = "sockets: bind the echo service (port 8080, SO_REUSEPORT)." };
        var index = new Option<int>("--index") { Description = "The node index the echo service reports.", DefaultValueFactory = _ => 1 };
        var migrateReq = new Option<int>("--migrate-req") { Description = "net.ipv4.tcp_migrate_req.", DefaultValueFactory = _ => 0 };
        migrateReq.AcceptOnlyFromAmong("0", "1");
        var json = new Option<bool>("--json") { Description = "With --clients: print the result as one JSON object." };
        var command = new Command("node", "Run one node of a Hashdance cluster (roles nic and/or sockets) over loopback remoting.")
        {
            roles, seed, hostname, port, inMemory, tap, ip, wireOptions.Gateway, wireOptions.Mac, app, appPort, clients, concurrency,
            sockets, echo, index, migrateReq, json,
        };
        command.SetAction(async (parseResult, cancellation) =>
        {
            IReadOnlyList<string> nodeRoles;
            try
            {
                nodeRoles = HashdanceRoles.Parse(parseResult.GetValue(roles)!.Split(','));
            }
            catch (ArgumentException e)
            {
                await stderr.WriteLineAsync($"hashdance: {e.Message}");
                return ExitCodes.Failure;
            }
            var isNic = nodeRoles.Contains(HashdanceRoles.Nic);
            var tapName = parseResult.GetValue(tap);
            var address = parseResult.GetValue(ip);
            var error = tapName is not null && !isNic ? "--tap is for a nic node"
                : tapName is not null && parseResult.GetValue(inMemory) ? "--tap and --in-memory exclude each other"
                : tapName is not null && address is null ? "--tap needs --ip ADDR/LEN (the stack's address behind the TAP)"
                : parseResult.GetValue(app) is not null && !nodeRoles.Contains(HashdanceRoles.Sockets) ? "--app needs the sockets role"
                : parseResult.GetValue(app) is not null && address is null ? "--app needs --ip ADDR/LEN (the address the listener binds)"
                : isNic && !parseResult.GetValue(inMemory) && tapName is null ? "a nic node needs a link: --in-memory or --tap NAME"
                : !isNic && parseResult.GetValue(inMemory) ? "--in-memory is for a nic node"
                : parseResult.GetValue(clients) > 0 && !isNic ? "--clients needs the nic role"
                : parseResult.GetValue(echo) && !nodeRoles.Contains(HashdanceRoles.Sockets) ? "--echo needs the sockets role"
                : parseResult.GetValue(index) is < 0 or > 255 ? "--index must be 0 … 255"
                : null;
            if (error is not null)
            {
                await stderr.WriteLineAsync($"hashdance: {error}");
                return ExitCodes.Failure;
            }
            var options = new ClusterExperimentOptions
            {
                Connections = Math.Max(1, parseResult.GetValue(clients)), Concurrency = Math.Max(1, parseResult.GetValue(concurrency)),
                MigrateReq = parseResult.GetValue(migrateReq),
            };
            var config = ClusterCli.QuietConfig.WithFallback(ClusterNodeConfig.For(nodeRoles, parseResult.GetValue(port), parseResult.GetValue(hostname) ?? "127.0.0.1",
                parseResult.GetValue(seed), autoDown: true));
            var system = ActorSystem.Create(InProcessCluster.SystemName, config);
            ILink? tapLink = null;
            try
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                cluster.RegisterOnMemberUp(() => up.TrySetResult());
                if (parseResult.GetValue(seed) is not { Length: > 0 }) cluster.Join(cluster.SelfAddress);
                await up.Task.WaitAsync(options.RunTimeout, cancellation);
                await stdout.WriteLineAsync($"up {cluster.SelfAddress}");
                await stdout.FlushAsync(cancellation);
                InMemoryWire? wire = null;
                var settings = ClusterExperiment.ServerSettings(options);
                if (address is { } stackAddress)
                {
                    if (tapName is not null)
                    {
                        try
                        {
                            tapLink = TapLink.Open(tapName, new TapLinkOptions { Mac = parseResult.GetValue(wireOptions.Mac) ?? Wire.WireStack.DefaultTapMac(stackAddress.Address) },
                                new SchedulerClock(system.Scheduler));
                        }
                        catch (LinkOpenException e)
                        {
                            return Wire.WireErrors.Report(e, stderr);
                        }
                    }
                    // A real interface: the nic node routes and resolves with its own ARP cache; every node gives the
                    // stack the same address, so listeners on sockets nodes bind where the kernel's clients connect.
                    settings = settings with
                    {
                        Address = stackAddress.Address, PrefixLength = stackAddress.PrefixLength, Gateway = parseResult.GetValue(wireOptions.Gateway),
                        Mac = tapLink?.Info.Mac ?? settings.Mac, Mtu = tapLink?.Info.Mtu ?? settings.Mtu,
                        StaticNeighbours = new Dictionary<Hashdance.Protocol.Wire.Ipv4Address, Hashdance.Protocol.Wire.MacAddress>(),
                        Neighbours = Hashdance.Actors.Egress.NeighbourParameters.Default with { AnnounceAtStart = tapLink is not null },
                    };
                }
                var node = HashdanceExtension.Get(system).Start(new HashdanceOptions
                {
                    Stack = settings, Roles = nodeRoles,
                    Link = !isNic ? null : tapLink is not null ? _ => tapLink : s => (wire = ClusterExperiment.OpenWire(s, options)).A,
                });
                if (parseResult.GetValue(app) is { } serveApp)
                {
                    await node.SocketsStack!.WaitAsync(options.RunTimeout, cancellation);
                    var bound = new TaskCompletionSource<Hashdance.Actors.Api.TcpEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
                    system.ActorOf(AppListener.Props(node.Manager, new Hashdance.Protocol.Wire.Ipv4Endpoint(settings.Address, (ushort)parseResult.GetValue(appPort)), 4096,
                        serveApp, new AppCounters(), bound, new Hashdance.Protocol.Tcp.SocketOptions { ReusePort = true }), "app");
                    if (await bound.Task.WaitAsync(options.RunTimeout, cancellation) is Hashdance.Actors.Api.CommandFailed failed)
                    {
                        await stderr.WriteLineAsync($"hashdance: --app: bind failed: {failed.Reason}");
                        return ExitCodes.Failure;
                    }
                    await stdout.WriteLineAsync($"bound {cluster.SelfAddress}");
                    await stdout.FlushAsync(cancellation);
                }
                if (parseResult.GetValue(echo))
                {
                    await ClusterExperiment.BindEchoAsync(system, node, parseResult.GetValue(index), options, cancellation);
                    await stdout.WriteLineAsync($"bound {cluster.SelfAddress}");
                    await stdout.FlushAsync(cancellation);
                }
                if (parseResult.GetValue(clients) > 0)
                {
                    await ClusterExperiment.AwaitGroupAsync(system, node.NicStack!, options, parseResult.GetValue(sockets), cancellation);
                    var result = await ClusterExperiment.DriveAsync(options with { Nodes = Math.Max(2, parseResult.GetValue(sockets) + 1) }, system, wire!,
                        node.NicStack!, new Dictionary<int, Hashdance.Actors.Stack.HashdanceStack>(), new Dictionary<int, Address>(),
                        _ => Task.CompletedTask, line => stderr.WriteLine($"  {line}"), cancellation);
                    if (parseResult.GetValue(json)) ClusterReport.WriteJson(result, stdout);
                    else ClusterReport.WriteSummary(result, stdout);
                    return result.GaveUp == 0 ? ExitCodes.Success : ExitCodes.Failure;
                }
                // Serve until stopped (Ctrl-C) or until the cluster shuts this node down.
                var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using (cancellation.Register(() => stopped.TrySetResult()))
                    await Task.WhenAny(stopped.Task, system.WhenTerminated);
                return ExitCodes.Success;
            }
            finally
            {
                await system.Terminate();
                if (tapLink is not null) await tapLink.DisposeAsync();
            }
        });
        return command;
    }

    private static Wire.InterfaceAddress? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
