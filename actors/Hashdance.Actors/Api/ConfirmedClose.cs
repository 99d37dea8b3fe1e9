namespace Hashdance.Actors.Api;

/// <summary>
/// Akka.IO's half-close: shutdown(SHUT_WR) now (our FIN after the pending writes), keep delivering
/// <see cref="Received"/> until the peer's FIN, then close(). Answered with <see cref="ConfirmedClosed"/> when both
/// FINs are acknowledged (TIME_WAIT, or CLOSED after LAST_ACK when the peer had closed first).
/// </summary>
public sealed record ConfirmedClose : TcpCommand
{
    public static ConfirmedClose Instance { get; } = new();
}
