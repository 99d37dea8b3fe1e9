using Akka.Actor;
using Akka.Cluster;

namespace Hashdance.Cluster.Experiments;

/// <summary>Completes <c>removed</c> when the cluster, as this node sees it, has removed the member at <c>address</c>.</summary>
public sealed class MemberRemovedWatcher(Address address, TaskCompletionSource removed) : UntypedActor
{
    public static Props Props(Address address, TaskCompletionSource removed) => Akka.Actor.Props.Create(() => new MemberRemovedWatcher(address, removed));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        if (message is ClusterEvent.MemberRemoved gone && gone.Member.Address.Equals(address)) removed.TrySetResult();
    }
}
