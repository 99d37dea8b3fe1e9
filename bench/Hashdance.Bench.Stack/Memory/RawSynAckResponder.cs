using Hashdance.Bench.Stack.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>
/// A server with no stack: answers every SYN on its end of the wire with a SYN-ACK (the ISN derived from the
/// 4-tuple) and ignores the rest, keeping no state, so that a heap measurement sees only the client's connections.
/// </summary>
public sealed class RawSynAckResponder
{
    private readonly ILink _link;
    private long _synAcks;

    public RawSynAckResponder(ILink link)
    {
        _link = link;
        link.Start(new FrameSink(OnFrame));
    }

    public long SynAcksSent => Interlocked.Read(ref _synAcks);

    private void OnFrame(PooledFrame frame)
    {
        using (frame)
        {
            if (!RawFrames.TryRead(frame.Span, out var segment) || !segment.IsSyn) return;
            Span<byte> synAck = stackalloc byte[RawFrames.MaxFrameLength];
            var isn = new SeqNum(((uint)segment.SourcePort << 16 | segment.DestinationPort) * 2_654_435_761u);
            var length = RawFrames.SynAck(synAck, BenchNetwork.ServerMac, BenchNetwork.ClientMac, segment, isn, segment.TsVal + 7);
            _link.Send(synAck[..length]);
            Interlocked.Increment(ref _synAcks);
        }
    }
}
