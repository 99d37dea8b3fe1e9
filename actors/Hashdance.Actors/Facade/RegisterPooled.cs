using Akka.Actor;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Facade;

/// <summary>
/// The facade's <see cref="Register"/> (without NACK suspension): received bytes come as <see cref="PooledReceived"/>
/// in the connection's own receive buffers, which the facade gives back once it has copied them out, so the receive
/// path allocates no payload array per delivery. In-process only: the array is shared, not copied.
/// </summary>
internal sealed record RegisterPooled(IActorRef Handler) : TcpCommand;
