namespace Hashdance.Actors.Api;

/// <summary>Something the stack or a socket actor tells its commander or handler, as in Akka.IO's <c>Tcp.Event</c>.</summary>
public abstract record TcpEvent;
