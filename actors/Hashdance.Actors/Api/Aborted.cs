namespace Hashdance.Actors.Api;

/// <summary>The connection was reset by <see cref="Abort"/>.</summary>
public sealed record Aborted : TcpEvent
{
    public static Aborted Instance { get; } = new();
}
