using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Api;

/// <summary>
/// connect(): an active open to <paramref name="RemoteAddress"/>. <paramref name="LocalAddress"/> with port 0 (or
/// null) picks an ephemeral port as <c>__inet_hash_connect</c> does. The commander gets <see cref="Connected"/>
/// (sender = the connection actor) or <see cref="CommandFailed"/> with the errno-like cause.
/// </summary>
public sealed record Connect(Ipv4Endpoint RemoteAddress, Ipv4Endpoint? LocalAddress = null, SocketOptions? Options = null) : TcpCommand;
