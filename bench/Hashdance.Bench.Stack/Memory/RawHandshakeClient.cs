using Hashdance.Bench.Stack.Harness;
using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>
/// A client with no stack: sends SYNs onto its end of the wire and answers each SYN-ACK with the ACK that completes
/// the handshake, so that a heap measurement sees only the server's connections: its only state is a bitmap,
/// allocated up front, of the handshakes already answered (a retransmitted SYN-ACK is answered again but does not
/// open the window twice). At most <c>window</c> handshakes are in flight.
/// </summary>
public sealed class RawHandshakeClient
{
    private readonly ILink _link;
    private readonly SemaphoreSlim _window;
    private readonly ulong[] _answered = new ulong[65536];
    private long _resets;

    public RawHandshakeClient(ILink link, int window)
    {
        _link = link;
        _window = new SemaphoreSlim(window, window);
        link.Start(new FrameSink(OnFrame));
    }

    /// <summary>RSTs received: each is a handshake that failed.</summary>
    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>
    /// Starts the handshakes numbered <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1;
    /// handshake i goes to <c>servers[i % servers.Count]</c> from source port 1024 + i / servers.Count.
    /// </summary>
    public void Open(IReadOnlyList<Ipv4Endpoint> servers, int first, int count)
    {
        Span<byte> frame = stackalloc byte[RawFrames.MaxFrameLength];
        for (var i = first; i < first + count; i++)
        {
            _window.Wait();
            var server = servers[i % servers.Count];
            var length = RawFrames.Syn(frame, BenchNetwork.ClientMac, BenchNetwork.ServerMac, BenchNetwork.ClientAddress,
                (ushort)(1024 + i / servers.Count), server.Address, server.Port, new SeqNum((uint)i * 2_654_435_761u), (uint)i);
            _link.Send(frame[..length]);
        }
    }

    /// <summary>Runs on the server's thread, inside its send: answers at once, as a peer on a zero-delay wire would.</summary>
    private void OnFrame(PooledFrame frame)
    {
        using (frame)
        {
            if (!RawFrames.TryRead(frame.Span, out var segment)) return;
            if (segment.IsSynAck)
            {
                Span<byte> ack = stackalloc byte[RawFrames.MaxFrameLength];
                var length = RawFrames.Ack(ack, BenchNetwork.ClientMac, BenchNetwork.ServerMac, segment);
                _link.Send(ack[..length]);
                if (FirstAnswer(segment)) _window.Release();
            }
            else if (segment.IsRst)
            {
                Interlocked.Increment(ref _resets);
                if (FirstAnswer(segment)) _window.Release();
            }
        }
    }

    /// <summary>Marks the handshake (client port, low 6 bits of the server port) answered; false if it already was.</summary>
    private bool FirstAnswer(in RawSegment fromServer)
    {
        var bit = 1UL << (fromServer.SourcePort & 63);
        ref var word = ref _answered[fromServer.DestinationPort];
        var seen = Interlocked.Or(ref word, bit);
        return (seen & bit) == 0;
    }
}
