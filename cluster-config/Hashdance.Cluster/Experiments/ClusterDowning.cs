using Akka.Actor;

namespace Hashdance.Cluster.Experiments;

/// <summary>Removing a member on purpose: what a downing provider would do for a node that crashed.</summary>
public static class ClusterDowning
{
    /// <summary>Downs the member at <paramref name="address"/> from <paramref name="observer"/> and waits until the cluster has removed it.</summary>
    public static async Task DownAndAwaitRemovalAsync(ActorSystem observer, Address address, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = observer.ActorOf(MemberRemovedWatcher.Props(address, removed));
        try
        {
            Akka.Cluster.Cluster.Get(observer).Down(address);
            await removed.Task.WaitAsync(timeout, cancellation);
        }
        finally
        {
            observer.Stop(watcher);
        }
    }
}
