using Akka.Actor;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Api;

/// <summary>
/// bind() + listen(): create a listener on <paramref name="LocalAddress"/>. The commander gets <see cref="Bound"/>
/// or <see cref="CommandFailed"/>. The handler is told <see cref="Connected"/> (sender = the connection actor) for
/// each accepted child and must answer <see cref="Register"/>. <paramref name="Backlog"/> is listen()'s argument,
/// capped by somaxconn as <c>__sys_listen</c> does. In pull mode children wait in the accept queue until the handler
/// sends <see cref="ResumeAccepting"/>, which is what makes the accept-queue limit observable.
/// </summary>
public sealed record Bind(IActorRef Handler, Ipv4Endpoint LocalAddress, int Backlog = 128, SocketOptions? Options = null, bool PullMode = false) : TcpCommand;
