using System.Diagnostics;
using Akka.Actor;
using Hashdance.Cluster;
using Hashdance.Cluster.Experiments;
using Hashdance.NicIo;

namespace Hashdance.Cli.Cluster;

/// <summary>
/// The cluster experiment with one process per sockets node: this process is node 0 (the nic node, with the client
/// stack); each other node is a <c>hashdance node --roles sockets --echo</c> child joined to it. Killing a node kills
/// its process (a real crash), then downs it.
/// </summary>
internal static class NodeProcesses
{
    public static async Task<ClusterExperimentResult> RunAsync(ClusterExperimentOptions options, Action<string> log, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        void Log(string line) => log($"[{watch.Elapsed.TotalSeconds:F2}s] {line}");
        var roles = ClusterExperiment.RolesOf(0, options);
        var system = ActorSystem.Create(InProcessCluster.SystemName, ClusterCli.QuietConfig.WithFallback(ClusterNodeConfig.For(roles)));
        var children = new Dictionary<int, Process>();
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(options.RunTimeout, cancellation);
            InMemoryWire? wire = null;
            var node = HashdanceExtension.Get(system).Start(new HashdanceOptions
            {
                Stack = ClusterExperiment.ServerSettings(options), Roles = roles, Link = s => (wire = ClusterExperiment.OpenWire(s, options)).A,
            });
            var local = new Dictionary<int, Hashdance.Actors.Stack.HashdanceStack>();
            if (node.SocketsStack is not null) local[0] = await ClusterExperiment.BindEchoAsync(system, node, 0, options, cancellation);
            var addresses = new Dictionary<int, Address> { [0] = cluster.SelfAddress };
            var bound = new List<Task>();
            for (var i = 1; i < options.Nodes; i++)
            {
                var child = Spawn(i, cluster.SelfAddress, options);
                children[i] = child;
                bound.Add(ReadBoundAsync(child, i, addresses));
            }
            await Task.WhenAll(bound).WaitAsync(options.RunTimeout, cancellation);
            await ClusterExperiment.AwaitGroupAsync(system, node.NicStack!, options, options.Nodes - 1 + local.Count, cancellation);
            Log($"{options.Nodes - 1} sockets processes bound");
            return await ClusterExperiment.DriveAsync(options, system, wire!, node.NicStack!, local, addresses, async victim =>
            {
                children[victim].Kill(entireProcessTree: true);
                await ClusterDowning.DownAndAwaitRemovalAsync(system, addresses[victim], options.RunTimeout, cancellation);
            }, Log, cancellation);
        }
        finally
        {
            foreach (var child in children.Values)
            {
                if (!child.HasExited) child.Kill(entireProcessTree: true);
                child.Dispose();
            }
            await system.Terminate();
        }
    }

    /// <summary>Starts <c>hashdance node</c> for sockets node <paramref name="index"/> with the same dotnet host and tool assembly as this process.</summary>
    private static Process Spawn(int index, Address seed, ClusterExperimentOptions options)
    {
        var tool = typeof(NodeProcesses).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { tool, "node", "--roles", "sockets", "--seed", seed.ToString(), "--echo", "--index", index.ToString(),
                     "--migrate-req", options.MigrateReq.ToString() })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a hashdance node process");
        // Its stderr is not read for content, only drained so the child never blocks on a full pipe.
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>Reads the child's stdout until its "bound ADDRESS" line.</summary>
    private static async Task ReadBoundAsync(Process child, int index, Dictionary<int, Address> addresses)
    {
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("bound ", StringComparison.Ordinal)) continue;
            lock (addresses) addresses[index] = Address.Parse(line["bound ".Length..]);
            return;
        }
        throw new InvalidOperationException($"sockets node {index} exited before binding (exit code {child.ExitCode})");
    }
}
