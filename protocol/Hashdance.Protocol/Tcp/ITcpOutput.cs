namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The port through which a sans-IO core acts on the world. The actor shell implements it (egress, Akka timers,
/// events to the handler); tests implement it with a recorder. Calls are synchronous and allocation-free; a core
/// never keeps the spans it passes.
/// </summary>
public interface ITcpOutput
{
    /// <summary>Put one segment on the wire (the shell adds Ethernet and IPv4 headers and the checksums).</summary>
    void Transmit(in OutSegment segment, ReadOnlySpan<byte> payload);

    /// <summary>Arm (or re-arm, replacing) <paramref name="timer"/> to fire at <paramref name="deadlineMicros"/>.</summary>
    void ArmTimer(TcpTimer timer, long deadlineMicros);

    /// <summary>Cancel <paramref name="timer"/> if armed.</summary>
    void CancelTimer(TcpTimer timer);

    /// <summary>Tell the socket's owner what happened.</summary>
    void Notify(TcpSocketEvent socketEvent);
}
