using Hashdance.Protocol.Tcp;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>An output port that drops everything: lets a TCB be created without a shell.</summary>
public sealed class NullTcpOutput : ITcpOutput
{
    public static NullTcpOutput Instance { get; } = new();

    public void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload)
    {
    }

    public void ArmTimer(TcpTimer timer, long deadlineMicros)
    {
    }

    public void CancelTimer(TcpTimer timer)
    {
    }

    public void Notify(TcpSocketEvent socketEvent)
    {
    }
}
