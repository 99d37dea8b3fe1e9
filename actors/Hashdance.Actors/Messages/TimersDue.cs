using Akka.Actor;
using Akka.Event;

namespace Hashdance.Actors.Messages;

/// <summary>
/// A socket's one timer wake-up fired: the shell runs the timer kinds now due, in the order
/// <see cref="Hashdance.Protocol.Tcp.TcpTimerDeadlines"/> fixes. <see cref="Generation"/> tells a replaced wake-up
/// (whose cancellation came too late) from the pending one. Local only: a timer never crosses nodes; one that reaches
/// a stopped socket is not worth a dead-letter report.
/// </summary>
public sealed record TimersDue(int Generation) : INoSerializationVerificationNeeded, IDeadLetterSuppression;
