using System.CommandLine;
using Hashdance.Cluster.Experiments;

namespace Hashdance.Cli.Cluster;

/// <summary>
/// <c>hashdance experiment cluster</c>: N nodes in an Akka cluster over loopback (ActorSystems in this process, or
/// with --processes one <c>hashdance node</c> process per sockets node), clients through the nic node, optionally one
/// node killed; per-node and total figures on stdout (one JSON object with --json), progress on stderr.
/// </summary>
internal static class ClusterExperimentCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes: node 0 is the nic node (with the clients), the others sockets nodes.", DefaultValueFactory = _ => 3 };
        var processes = new Option<bool>("--processes") { Description = "Run each sockets node as its own 'hashdance node' process." };
        var connections = new Option<int>("--connections", "-n") { Description = "Connections to open (each sends a greeting and reads its echo).", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Connections in flight at once.", DefaultValueFactory = _ => 50 };
        var killNode = new Option<int?>("--kill-node") { Description = "Kill this sockets node (1 … nodes-1) during the run.", HelpName = "K" };
        var at = new Option<double?>("--at") { Description = "When to kill it: seconds after the clients start.", HelpName = "SECONDS" };
        var migrateReq = new Option<int>("--migrate-req") { Description = "net.ipv4.tcp_migrate_req on every node.", DefaultValueFactory = _ => 0 };
        migrateReq.AcceptOnlyFromAmong("0", "1");
        var hold = new Option<double>("--hold") { Description = "Seconds each connection stays open after its first echo (then a second exchange).", DefaultValueFactory = _ => 0 };
        var nicSockets = new Option<bool>("--nic-hosts-sockets") { Description = "The nic node also takes the sockets role (its listener joins the group)." };
        var seed = new Option<int>("--seed") { Description = "Seed for the stacks' secrets.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the summary." };
        var command = new Command("cluster", "Handshakes across an Akka cluster: one nic node, sockets nodes sharing a reuseport group, optionally a node killed mid-run.")
        {
            nodes, processes, connections, concurrency, killNode, at, migrateReq, hold, nicSockets, seed, json,
        };
        command.SetAction(async (parseResult, cancellation) =>
        {
            var options = new ClusterExperimentOptions
            {
                Nodes = parseResult.GetValue(nodes),
                Connections = parseResult.GetValue(connections),
                Concurrency = parseResult.GetValue(concurrency),
                KillNode = parseResult.GetValue(killNode),
                KillAtSeconds = parseResult.GetValue(at),
                MigrateReq = parseResult.GetValue(migrateReq),
                HoldTime = TimeSpan.FromSeconds(Math.Max(0, parseResult.GetValue(hold))),
                NicHostsSockets = parseResult.GetValue(nicSockets),
                Seed = parseResult.GetValue(seed),
            };
            try
            {
                ClusterExperiment.Validate(options);
            }
            catch (ArgumentException e)
            {
                await stderr.WriteLineAsync($"hashdance: {e.Message.Split(" (Parameter")[0]}");
                return ExitCodes.Failure;
            }
            await stderr.WriteLineAsync($"cluster experiment: {options.Nodes} nodes{(parseResult.GetValue(processes) ? " (processes)" : "")}, " +
                                        $"{options.Connections} connections, concurrency {options.Concurrency}, tcp_migrate_req {options.MigrateReq}");
            var result = parseResult.GetValue(processes)
                ? await NodeProcesses.RunAsync(options, line => stderr.WriteLine($"  {line}"), cancellation)
                : await ClusterExperiment.RunAsync(options, ClusterCli.QuietConfig, line => stderr.WriteLine($"  {line}"), cancellation);
            if (parseResult.GetValue(json)) ClusterReport.WriteJson(result, stdout);
            else ClusterReport.WriteSummary(result, stdout);
            return result.GaveUp == 0 && result.LeftoverEntriesOfKilledNode == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
