namespace Hashdance.Actors.Api;

/// <summary>A request to the stack or to a socket actor, as in Akka.IO's <c>Tcp.Command</c>.</summary>
public abstract record TcpCommand;
