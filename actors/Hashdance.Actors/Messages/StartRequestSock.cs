using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Messages;

/// <summary>
/// The listener's first message to a request sock it just spawned (tcp_conn_request → inet_csk_reqsk_queue_hash_add):
/// its state. All request socks of a listener share one Props, so a SYN costs no Props of its own.
/// </summary>
public sealed record StartRequestSock(RequestSockState State);
