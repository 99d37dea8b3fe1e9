namespace Hashdance.Actors.Api;

/// <summary>A command could not be carried out; <paramref name="Error"/> says why in Linux's terms.</summary>
public sealed record CommandFailed(TcpCommand Command, SocketError Error, string Reason) : TcpEvent;
