namespace Hashdance.Actors.Api;

/// <summary>close() on a listener (sent to the listener actor); answered with <see cref="Unbound"/>.</summary>
public sealed record Unbind : TcpCommand
{
    public static Unbind Instance { get; } = new();
}
