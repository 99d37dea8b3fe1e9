namespace Hashdance.Actors.Api;

/// <summary>
/// Akka.IO's <c>Tcp.ResumeReading</c>: deliver what the receive queue holds and resume delivering
/// <see cref="Received"/>; reading the queue reopens the window (tcp_cleanup_rbuf announces it when it has grown enough).
/// </summary>
public sealed record ResumeReading : TcpCommand
{
    public static ResumeReading Instance { get; } = new();
}
