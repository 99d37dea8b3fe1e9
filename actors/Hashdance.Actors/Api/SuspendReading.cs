namespace Hashdance.Actors.Api;

/// <summary>
/// Akka.IO's <c>Tcp.SuspendReading</c>: stop delivering <see cref="Received"/> (and a <see cref="PeerClosed"/> that
/// would follow unread data) until <see cref="ResumeReading"/>. The bytes stay in the socket's receive queue, so the
/// advertised window closes as the queue fills, as Linux's does when the application stops calling read().
/// </summary>
public sealed record SuspendReading : TcpCommand
{
    public static SuspendReading Instance { get; } = new();
}
