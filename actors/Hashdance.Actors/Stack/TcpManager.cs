using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Sockets;
using Hashdance.NicIo;

namespace Hashdance.Actors.Stack;

/// <summary>
/// The root of one stack, as Akka.IO's TcpManager is: it owns the NicIngress of its link and creates a listener
/// for each <see cref="Bind"/> and a connection for each <see cref="Connect"/>, replying to the commander through
/// them. Listeners and connections that fail are stopped (see docs/architecture.md, "Supervision"). The ingress never
/// fails: it turns a fault on one frame into a counted drop, because restarting it would forget the hash tables every
/// socket depends on.
/// </summary>
public sealed class TcpManager : UntypedActor
{
    private readonly StackContext _stack;
    private readonly ILink _link;
    private readonly Props _activeProps;
    private IActorRef _ingress = ActorRefs.Nobody;

    public TcpManager(StackContext stack, ILink link)
    {
        _stack = stack;
        _activeProps = ConnectionActor.Active(stack);
        _link = link;
    }

    public static Props Props(StackContext stack, ILink link) => Akka.Actor.Props.Create(() => new TcpManager(stack, link));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        // A stack on a sockets node was given the nic node's ingress: there is no local ingress or link to start.
        if (!_stack.Ingress.IsNobody()) return;
        var s = _stack.Settings;
        _ingress = Context.ActorOf(NicIngress.Props(s.Address, s.Mac, s.Sysctls, _stack.Mib, _stack.Egress, s.Seed, _stack.Clock), "ingress");
        _stack.Ingress = _ingress;
        var ingress = _ingress;
        // Each frame's pooled slot is the message itself (no wrapper per frame); the ingress claims it.
        _link.Start(new FrameSink(frame => ingress.Tell(frame.HandOver()), frames => ingress.Tell(new FramesArrived(frames))));
    }

    // The link is started once; a restart of the manager (it has no state worth losing) must not start it again.
    protected override void PostRestart(Exception reason)
    {
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Bind bind:
                if (bind.LocalAddress.Port == 0)
                {
                    Sender.Tell(new CommandFailed(bind, SocketError.InvalidArgument, "binding to port 0 (an ephemeral listener) is not supported"));
                    return;
                }
                Context.ActorOf(ListenerActor.Props(_stack, bind, Sender));
                break;
            case Connect connect:
                Context.ActorOf(_activeProps).Tell(new StartActiveOpen(connect, Sender));
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
