namespace Hashdance.Actors.Api;

/// <summary>getsockopt(TCP_INFO): ask a connection for a <see cref="SocketInfo"/> snapshot.</summary>
public sealed record GetSocketInfo : TcpCommand
{
    public static GetSocketInfo Instance { get; } = new();
}
