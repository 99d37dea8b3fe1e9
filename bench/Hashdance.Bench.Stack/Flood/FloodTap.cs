using System.Buffers.Binary;
using Hashdance.Bench.Stack.Harness;
using Hashdance.NicIo;

namespace Hashdance.Bench.Stack.Flood;

/// <summary>
/// The client's side of the wire during the flood, shared by the client stack and the SYN injector: frames the
/// server sends to the client's MAC go to the client stack; frames it sends to the gateway (its answers to spoofed
/// flood sources) are counted and dropped. Each flood SYN carries its index as its ISN, so the answer's ACK number
/// says which SYN it answers: a bitmap tells first answers from SYN-ACK retransmissions of request socks.
/// </summary>
public sealed class FloodTap : ILink
{
    private const int TcpOffset = 14 + 20;
    private readonly ILink _wire;
    private readonly ulong[] _answered;
    private readonly ManualResetEventSlim _wake = new(false);
    private IFrameSink? _client;
    private long _wakeAt = long.MaxValue;
    private long _answers;
    private long _synAcks;
    private long _resets;

    public FloodTap(ILink wire, int syns)
    {
        _wire = wire;
        _answered = new ulong[(syns + 63) / 64];
        wire.Start(new FrameSink(OnFrame));
    }

    public LinkInfo Info => _wire.Info;

    /// <summary>Flood SYNs answered at least once (by a SYN-ACK, cookie or not, or a RST).</summary>
    public long Answered => Interlocked.Read(ref _answers);

    /// <summary>SYN-ACKs sent to flood sources, retransmissions included.</summary>
    public long SynAcks => Interlocked.Read(ref _synAcks);

    public long Resets => Interlocked.Read(ref _resets);

    public void Send(ReadOnlySpan<byte> frame) => _wire.Send(frame);

    /// <summary>Blocks until <see cref="Answered"/> reaches <paramref name="target"/>; false if <paramref name="timeout"/> passes first.</summary>
    public bool WaitForAnswers(long target, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        _wake.Reset();
        Volatile.Write(ref _wakeAt, target);
        while (Answered < target)
        {
            if (DateTime.UtcNow >= deadline) return false;
            _wake.Wait(10);
        }
        return true;
    }

    public void Start(IFrameSink sink) => _client = sink;

    public ValueTask DisposeAsync() => _wire.DisposeAsync();

    /// <summary>Runs on the server's thread, inside its send: reads two header fields at fixed offsets and returns.</summary>
    private void OnFrame(PooledFrame frame)
    {
        var span = frame.Span;
        if (span.Length >= 6 && !span[..6].SequenceEqual(GatewayMacBytes))
        {
            if (_client is { } client) client.OnFrame(frame);
            else frame.Dispose();
            return;
        }
        if (span.Length >= TcpOffset + 20)
        {
            var flags = span[TcpOffset + 13];
            var index = BinaryPrimitives.ReadUInt32BigEndian(span[(TcpOffset + 8)..]) - 1;
            if ((flags & 0x02) != 0) Interlocked.Increment(ref _synAcks);
            if ((flags & 0x04) != 0) Interlocked.Increment(ref _resets);
            if (index < (uint)_answered.Length * 64)
            {
                var bit = 1UL << (int)(index & 63);
                if ((Interlocked.Or(ref _answered[index >> 6], bit) & bit) == 0 && Interlocked.Increment(ref _answers) >= Volatile.Read(ref _wakeAt)) _wake.Set();
            }
        }
        frame.Dispose();
    }

    private static ReadOnlySpan<byte> GatewayMacBytes => BenchNetwork.GatewayMacBytes;
}
