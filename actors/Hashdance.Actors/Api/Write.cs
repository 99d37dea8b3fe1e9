using Akka.IO;

namespace Hashdance.Actors.Api;

/// <summary>write(): queue <paramref name="Data"/> for sending; when <paramref name="Ack"/> is not null it is sent back once the data is queued, as in Akka.IO.</summary>
public sealed record Write(ByteString Data, object? Ack = null) : TcpCommand;
