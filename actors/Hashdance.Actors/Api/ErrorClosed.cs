namespace Hashdance.Actors.Api;

/// <summary>The socket closed because of an error (a RST, a timeout, a failure of its actor).</summary>
public sealed record ErrorClosed(SocketError Error, string Reason) : TcpEvent;
