using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Api;

/// <summary>setsockopt() on a connection: replaces its <see cref="SocketOptions"/> (e.g. TCP_LINGER2, SO_LINGER, TCP_NODELAY).</summary>
/// <remarks>
/// <paramref name="NagleWritten"/>: the caller has just set TCP_NODELAY to 1 or TCP_CORK to 0, even if the option
/// already had that value; Linux pushes what waits on every such setsockopt (__tcp_sock_set_nodelay,
/// __tcp_sock_set_cork), not only on a change.
/// </remarks>
public sealed record SetSocketOptions(SocketOptions Options, bool NagleWritten = false) : TcpCommand;
