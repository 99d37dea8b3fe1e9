using Akka.IO;

namespace Hashdance.Actors.Api;

/// <summary>In-order bytes read from the connection, delivered to the registered handler.</summary>
public sealed record Received(ByteString Data) : TcpEvent;
