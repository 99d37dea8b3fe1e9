using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>
/// The scripted peer's side of one 4-tuple: it sends segments with sequence numbers relative to its own ISN
/// (<see cref="PeerIsn"/>, "c") and learns the stack's ISN (<see cref="StackIsn"/>, "s") from the SYN-ACK, so tests
/// read like the spec's scenarios: <c>ACK seq=c+1 ack=s+1</c> is <c>Ack()</c>.
/// </summary>
public sealed class PeerFlow
{
    private readonly StackUnderTest _sut;

    internal PeerFlow(StackUnderTest sut, ushort peerPort, ushort stackPort, SeqNum peerIsn)
    {
        _sut = sut;
        PeerPort = peerPort;
        StackPort = stackPort;
        PeerIsn = peerIsn;
    }

    public ushort PeerPort { get; }
    public ushort StackPort { get; }

    /// <summary>c: the peer's ISN.</summary>
    public SeqNum PeerIsn { get; }

    /// <summary>s: the stack's ISN, as learned from its SYN-ACK (or set by the test).</summary>
    public SeqNum StackIsn { get; set; }

    /// <summary>The 4-tuple as the stack sees it (local = the stack).</summary>
    public FourTuple Tuple => new(StackUnderTest.ServerAddress, StackPort, StackUnderTest.PeerAddress, PeerPort);

    /// <summary>A Linux client's SYN options: MSS 1460, SACK-permitted, TS(<paramref name="tsVal"/>, 0), WS 7.</summary>
    public static TcpOptionSet LinuxSynOptions(uint tsVal = 100) =>
        new() { Mss = 1460, SackPermitted = true, Timestamps = new TcpTimestamps(tsVal, 0), WindowScale = 7 };

    /// <summary>A SYN without any option.</summary>
    public static TcpOptionSet NoOptions => default;

    /// <summary>Sends one segment from the peer with absolute sequence and acknowledgement numbers.</summary>
    public void Send(TcpFlags flags, SeqNum seq, SeqNum ack, ushort window = 502, TcpOptionSet options = default,
        ReadOnlySpan<byte> payload = default, byte tos = 0) =>
        _sut.Peer.SendTcp(StackUnderTest.ServerAddress, Header(flags, seq, ack, window, options), payload, tos);

    /// <summary>The TCP header of a segment of this flow.</summary>
    public TcpRepr Header(TcpFlags flags, SeqNum seq, SeqNum ack, ushort window = 502, TcpOptionSet options = default) => new()
    {
        SourcePort = PeerPort, DestinationPort = StackPort, SequenceNumber = seq, AckNumber = ack, Flags = flags,
        Window = window, Options = options,
    };

    /// <summary>SYN seq=c.</summary>
    public void Syn(TcpOptionSet? options = null, ReadOnlySpan<byte> payload = default, SeqNum? seq = null, ushort window = 64240,
        TcpFlags extraFlags = 0, byte tos = 0) =>
        Send(TcpFlags.Syn | extraFlags, seq ?? PeerIsn, default, window, options ?? LinuxSynOptions(), payload, tos);

    /// <summary>
    /// Expects the SYN-ACK (ack = c+1, the given window and option bytes), checks its seq against the known ISN or
    /// learns it, and returns the frame.
    /// </summary>
    public WireFrame ExpectSynAck(ushort? window = null, byte[]? options = null, long? atMicros = null, TcpFlags flags = TcpFlags.Syn | TcpFlags.Ack)
    {
        var frame = _sut.NextFrame();
        var seq = frame.Tcp.SequenceNumber;
        if (StackIsn == default) StackIsn = seq;
        return StackUnderTest.CheckSegment(frame, flags, StackIsn, PeerIsn + 1, window, options, 0, atMicros);
    }

    /// <summary>
    /// A segment after the handshake: seq = c+1+<paramref name="dataOffset"/>, ack = s+1+<paramref name="ackOffset"/>, with
    /// <paramref name="payload"/> and (by default) ACK; TS(<paramref name="tsVal"/>, <paramref name="tsEcr"/>) when tsVal is given.
    /// </summary>
    public void Segment(int dataOffset = 0, ReadOnlySpan<byte> payload = default, TcpFlags flags = TcpFlags.Ack, int ackOffset = 0,
        uint? tsVal = null, uint tsEcr = 0, ushort window = 502)
    {
        var options = default(TcpOptionSet);
        if (tsVal is { } v) options.Timestamps = new TcpTimestamps(v, tsEcr);
        Send(flags, PeerIsn + 1 + dataOffset, StackIsn + 1 + ackOffset, window, options, payload);
    }

    /// <summary>The third ACK: seq = c+1, ack = s+1.</summary>
    public void Ack(uint? tsVal = null, uint tsEcr = 0, ushort window = 502) => Segment(tsVal: tsVal, tsEcr: tsEcr, window: window);
}
