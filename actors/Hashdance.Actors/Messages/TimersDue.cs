using Akka.Actor;

namespace Hashdance.Actors.Messages;

/// <summary>
/// A socket's one timer wake-up fired (delivered by IWithTimers): the shell runs the timer kinds now due, in the
/// order <see cref="Hashdance.Protocol.Tcp.TcpTimerDeadlines"/> fixes. Local only: a timer never crosses nodes.
/// </summary>
public sealed class TimersDue : INoSerializationVerificationNeeded
{
    public static TimersDue Instance { get; } = new();

    private TimersDue()
    {
    }
}
