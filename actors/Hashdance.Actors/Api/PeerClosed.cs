namespace Hashdance.Actors.Api;

/// <summary>The peer's FIN arrived: no more data will be received (read returns 0).</summary>
public sealed record PeerClosed : TcpEvent
{
    public static PeerClosed Instance { get; } = new();
}
