using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Api;

/// <summary>
/// shutdown(fd, how) on a connection (inet_shutdown / tcp_shutdown). <see cref="ShutdownHow.Write"/> sends our FIN
/// after the pending writes (later <see cref="Write"/>s fail with EPIPE); <see cref="ShutdownHow.Read"/> sends
/// nothing and, as on Linux, data still arrives as <see cref="Received"/> (read() would return it first and 0
/// after); <see cref="ShutdownHow.ReadWrite"/> is both. The connection stays until <see cref="Close"/> or the end of
/// both directions. Answered with <paramref name="Ack"/> when given, or <see cref="CommandFailed"/> (ENOTCONN) on a
/// connection that is not open.
/// </summary>
public sealed record Shutdown(ShutdownHow How, object? Ack = null) : TcpCommand;
