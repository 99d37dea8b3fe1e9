using Akka.Actor;
using Hashdance.NicIo;

namespace Hashdance.Actors.Cluster;

/// <summary>
/// The link of a stack on a <c>sockets</c> node: sending copies the frame into a <see cref="RemoteFrame"/> for the
/// <c>nic</c> node's <see cref="EgressRelay"/>. It never receives: the <c>nic</c> node's ingress tells segments to the
/// socket actors directly.
/// </summary>
public sealed class RemoteLink : ILink
{
    private readonly IActorRef _relay;

    public RemoteLink(LinkInfo info, IActorRef relay)
    {
        Info = info;
        _relay = relay;
    }

    public LinkInfo Info { get; }

    public void Send(ReadOnlySpan<byte> frame) => _relay.Tell(new RemoteFrame(frame.ToArray()), ActorRefs.NoSender);

    public void Start(IFrameSink sink)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
