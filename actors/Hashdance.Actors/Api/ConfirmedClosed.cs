namespace Hashdance.Actors.Api;

/// <summary>The answer to <see cref="ConfirmedClose"/>: both directions are closed and the actor has stopped.</summary>
public sealed record ConfirmedClosed : TcpEvent
{
    public static ConfirmedClosed Instance { get; } = new();
}
