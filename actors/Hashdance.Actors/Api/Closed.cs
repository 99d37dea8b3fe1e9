namespace Hashdance.Actors.Api;

/// <summary>The connection is closed and its actor has stopped.</summary>
public sealed record Closed : TcpEvent
{
    public static Closed Instance { get; } = new();
}
