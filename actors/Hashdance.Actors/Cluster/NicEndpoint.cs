using Akka.Actor;

namespace Hashdance.Actors.Cluster;

/// <summary>
/// Where a <c>sockets</c> node's stack reaches its link: the <c>nic</c> node's ingress (ehash, listener table, reuseport
/// groups) and its <see cref="EgressRelay"/>.
/// </summary>
public sealed record NicEndpoint(IActorRef Ingress, IActorRef EgressRelay);
