using Akka.Actor;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// The socket actor behind an <see cref="ActorTcpOutput"/>: its timer scheduler and where the core's events go. One
/// reference to the actor instead of two delegates keeps an idle socket smaller (see docs/performance-stack.md §2).
/// </summary>
internal interface ITcpOutputHost : IWithTimers
{
    void OnSocketEvent(TcpSocketEvent socketEvent);
}
