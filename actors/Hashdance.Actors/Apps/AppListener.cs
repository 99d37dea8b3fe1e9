using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Apps;

/// <summary>
/// Binds <see cref="ServeApp"/> to a port through the stack's manager and starts a handler for every accepted
/// connection. <paramref name="bound"/> completes with <see cref="Bound"/> or <see cref="CommandFailed"/>.
/// </summary>
public sealed class AppListener(IActorRef manager, Ipv4Endpoint local, int backlog, ServeApp app, AppCounters counters,
    TaskCompletionSource<TcpEvent> bound, Hashdance.Protocol.Tcp.SocketOptions? options = null) : UntypedActor
{
    /// <param name="options">The listener's socket options, e.g. SO_REUSEPORT for one member of a group across nodes.</param>
    public static Props Props(IActorRef manager, Ipv4Endpoint local, int backlog, ServeApp app, AppCounters counters, TaskCompletionSource<TcpEvent> bound,
        Hashdance.Protocol.Tcp.SocketOptions? options = null) =>
        Akka.Actor.Props.Create(() => new AppListener(manager, local, backlog, app, counters, bound, options));

    // A handler that throws is stopped, never restarted: its connection's state would not survive a restart.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => manager.Tell(new Bind(Self, local, backlog, Options: options));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Bound b:
                bound.TrySetResult(b);
                break;
            case CommandFailed failed:
                bound.TrySetResult(failed);
                Context.Stop(Self);
                break;
            case Connected:
                Context.ActorOf(app switch
                {
                    ServeApp.Echo => EchoHandler.Props(Sender, counters),
                    ServeApp.Http => HttpHandler.Props(Sender, counters),
                    _ => DiscardHandler.Props(Sender, counters),
                });
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
