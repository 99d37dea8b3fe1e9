using Hashdance.Protocol.Tcp;

namespace Hashdance.Protocol.Tests.Tcp;

/// <summary>An <see cref="ITcpOutput"/> that records what a core did, for exact assertions.</summary>
public sealed class RecordingOutput : ITcpOutput
{
    public List<SentSegment> Sent { get; } = [];
    public Dictionary<TcpTimer, long> Timers { get; } = [];
    public List<(TcpTimer Timer, long Deadline)> TimerLog { get; } = [];
    public List<TcpSocketEvent> Events { get; } = [];

    public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload) => Sent.Add(new SentSegment(segment, payload.ToArray()));

    public void ArmTimer(TcpTimer timer, long deadlineMicros)
    {
        Timers[timer] = deadlineMicros;
        TimerLog.Add((timer, deadlineMicros));
    }

    public void CancelTimer(TcpTimer timer) => Timers.Remove(timer);

    public void Notify(TcpSocketEvent socketEvent) => Events.Add(socketEvent);

    /// <summary>The one segment sent since the last <see cref="Clear"/>; fails the test otherwise.</summary>
    public OutSegment Single()
    {
        Assert.Single(Sent);
        return Sent[0].Segment;
    }

    public void Clear()
    {
        Sent.Clear();
        Events.Clear();
        TimerLog.Clear();
    }
}
