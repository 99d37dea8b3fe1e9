namespace Hashdance.Actors.Api;

/// <summary>The listener has closed: un-accepted children were reset, as <c>inet_csk_listen_stop</c> does.</summary>
public sealed record Unbound : TcpEvent
{
    public static Unbound Instance { get; } = new();
}
