using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Api;

/// <summary>setsockopt() on a connection: replaces its <see cref="SocketOptions"/> (e.g. TCP_LINGER2, SO_LINGER, TCP_NODELAY).</summary>
public sealed record SetSocketOptions(SocketOptions Options) : TcpCommand;
