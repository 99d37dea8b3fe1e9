using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Messages;

/// <summary>
/// The ingress moves a pending request to this listener because the request's own listener left the reuseport group
/// (closed, crashed, or its node died) with tcp_migrate_req = 1: reuseport_migrate_sock chose this member and the
/// listener takes the request over as reqsk_queue_migrated / inet_reqsk_clone do, hashing a new request sock for it.
/// </summary>
public sealed record MigrateRequest(RequestSockState State);
