using Akka.Actor;
using Hashdance.NicIo;

namespace Hashdance.Actors.Cluster;

/// <summary>
/// The <c>nic</c> node's end of the remote egress path: frames built by socket actors on <c>sockets</c> nodes arrive
/// as <see cref="RemoteFrame"/> and go onto the link (dev_queue_xmit for a host whose TCP runs elsewhere). One direct
/// tell per frame, no routing in between.
/// </summary>
public sealed class EgressRelay : UntypedActor
{
    private readonly ILink _link;

    public EgressRelay(ILink link) => _link = link;

    public static Props Props(ILink link) => Akka.Actor.Props.Create(() => new EgressRelay(link));

    /// <summary>The relay's actor name for a stack, so <c>sockets</c> nodes can find it on the <c>nic</c> node.</summary>
    public static string NameFor(string stackName) => $"hashdance-{stackName}-egress";

    protected override void OnReceive(object message)
    {
        if (message is RemoteFrame frame) _link.Send(frame.Frame);
        else Unhandled(message);
    }
}
