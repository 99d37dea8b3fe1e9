using Akka.Actor;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// A listener of a reuseport group closed with tcp_migrate_req = 1 and this un-accepted child in its accept queue:
/// the ingress picked this listener (reuseport_migrate_sock), which queues the child for its own accept()
/// (inet_csk_listen_stop → inet_csk_reqsk_queue_add on the new listener). The child stays where it runs.
/// </summary>
public sealed record MigrateChild(IActorRef Child, FourTuple Tuple);
