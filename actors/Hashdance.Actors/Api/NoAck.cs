namespace Hashdance.Actors.Api;

/// <summary>
/// Akka.IO's <c>Tcp.NoAck</c>: as the ack of a <see cref="Write"/> it asks for no acknowledgement (as a null ack
/// does). <paramref name="Token"/> lets a writer tell its writes apart in a <see cref="CommandFailed"/>.
/// </summary>
public sealed record NoAck(object? Token = null) : TcpEvent
{
    public static NoAck Instance { get; } = new();
}
