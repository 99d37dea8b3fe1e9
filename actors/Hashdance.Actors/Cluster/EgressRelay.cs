using Akka.Actor;

namespace Hashdance.Actors.Cluster;

/// <summary>
/// The <c>nic</c> node's end of the remote egress path: frames built by socket actors on <c>sockets</c> nodes arrive
/// as <see cref="RemoteFrame"/> and leave through this node's egress, which routes them and resolves the next hop with
/// this node's ARP cache (the interface, its routes and its neighbours are the nic node's). One direct tell per frame.
/// </summary>
public sealed class EgressRelay : UntypedActor
{
    private readonly Egress.Egress _egress;

    public EgressRelay(Egress.Egress egress) => _egress = egress;

    public static Props Props(Egress.Egress egress) => Akka.Actor.Props.Create(() => new EgressRelay(egress));

    /// <summary>The relay's actor name for a stack, so <c>sockets</c> nodes can find it on the <c>nic</c> node.</summary>
    public static string NameFor(string stackName) => $"hashdance-{stackName}-egress";

    protected override void OnReceive(object message)
    {
        if (message is RemoteFrame frame) _egress.ForwardFromRemote(frame.Frame);
        else Unhandled(message);
    }
}
