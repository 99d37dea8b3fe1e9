using Akka.Actor;

namespace Hashdance.Actors.Api;

/// <summary>
/// Names the actor that receives this connection's data and close events, as Akka.IO's <c>Tcp.Register</c>.
/// <paramref name="UseResumeWriting"/> (Akka.IO's default, true) selects the NACK model: after one refused
/// <see cref="Write"/> all writes are refused until <see cref="ResumeWriting"/>. Unlike Akka.IO's default, the
/// connection always stays open after <see cref="PeerClosed"/> (keepOpenOnPeerClosed): a Linux socket keeps its
/// sending half after the peer's FIN, and the application decides when to close.
/// </summary>
public sealed record Register(IActorRef Handler, bool UseResumeWriting = true) : TcpCommand;
