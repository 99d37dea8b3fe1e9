using Akka.Actor;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Messages;

/// <summary>A socket's own timer expired (delivered by IWithTimers under the timer's kind as key). Local only: a timer never crosses nodes.</summary>
public sealed record TimerFired(TcpTimer Timer) : INoSerializationVerificationNeeded;
