using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;

namespace Hashdance.Cluster.Experiments;

/// <summary>
/// Several ActorSystems in one process forming a real Akka cluster over loopback remoting (each on a free port):
/// what the multi-node tests and <c>hashdance experiment cluster</c> run on. Node 0 is the seed.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    public const string SystemName = "hashdance";

    /// <summary>
    /// Terminating one system must not wait on cluster-leave phases (the others may be going too), and on loopback a
    /// dead node is detected within about a second rather than the defaults' several seconds.
    /// </summary>
    private static readonly Config InProcessSettings = ConfigurationFactory.ParseString("""
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.cluster {
          gossip-interval = 200ms
          leader-actions-interval = 200ms
          unreachable-nodes-reaper-interval = 200ms
          failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 1500ms }
        }
        """);

    private InProcessCluster(IReadOnlyList<ActorSystem> systems) => Systems = systems;

    public IReadOnlyList<ActorSystem> Systems { get; }

    /// <summary>Starts one node per entry of <paramref name="roles"/> and returns once every node is Up.</summary>
    public static async Task<InProcessCluster> StartAsync(IReadOnlyList<IReadOnlyList<string>> roles, Config? overrides, TimeSpan timeout,
        CancellationToken cancellation = default)
    {
        var systems = new List<ActorSystem>();
        try
        {
            var ups = new List<Task>();
            foreach (var nodeRoles in roles)
            {
                var config = InProcessSettings.WithFallback(ClusterNodeConfig.For(nodeRoles));
                var system = ActorSystem.Create(SystemName, overrides is null ? config : overrides.WithFallback(config));
                systems.Add(system);
                var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
                ups.Add(up.Task);
            }
            var seed = Akka.Cluster.Cluster.Get(systems[0]).SelfAddress;
            foreach (var system in systems) Akka.Cluster.Cluster.Get(system).Join(seed);
            await Task.WhenAll(ups).WaitAsync(timeout, cancellation);
            return new InProcessCluster(systems);
        }
        catch
        {
            await Task.WhenAll(systems.Select(s => s.Terminate()));
            throw;
        }
    }

    /// <summary>
    /// Kills node <paramref name="index"/> as a crash looks to the others: its remoting goes away first (so nothing its
    /// actors do while stopping reaches anyone, as with a dead process), its ActorSystem is terminated, and another node
    /// downs it; this returns once the cluster has removed it.
    /// </summary>
    public async Task KillAsync(int index, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var victim = Systems[index];
        var observer = Systems[index == 0 ? 1 : 0];
        var address = Akka.Cluster.Cluster.Get(victim).SelfAddress;
        var provider = (RemoteActorRefProvider)((ExtendedActorSystem)victim).Provider;
        await provider.Transport.Shutdown().WaitAsync(timeout, cancellation);
        var terminated = victim.Terminate();
        await ClusterDowning.DownAndAwaitRemovalAsync(observer, address, timeout, cancellation);
        await terminated.WaitAsync(timeout, cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Systems.Select(s => s.Terminate())).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
