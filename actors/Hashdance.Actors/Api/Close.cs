namespace Hashdance.Actors.Api;

/// <summary>
/// close(): our FIN after the pending writes (tcp_close). Unread received data (possible only before
/// <see cref="Register"/>) turns it into an RST|ACK, as does SO_LINGER {1, 0}. The socket is orphaned: the sender
/// and the handler get <see cref="Closed"/> once the TCB is gone (LAST_ACK acknowledged, or handed to TIME_WAIT /
/// FIN_WAIT2 in the ingress), or <see cref="ErrorClosed"/> if it dies of an RST or a timeout first.
/// </summary>
public sealed record Close : TcpCommand
{
    public static Close Instance { get; } = new();
}
