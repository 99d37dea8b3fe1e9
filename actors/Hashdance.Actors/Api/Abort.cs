namespace Hashdance.Actors.Api;

/// <summary>close() with SO_LINGER {1, 0}: reset the connection (RST) and drop all state; answered with <see cref="Aborted"/>.</summary>
public sealed record Abort : TcpCommand
{
    public static Abort Instance { get; } = new();
}
