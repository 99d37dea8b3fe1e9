using System.Buffers.Binary;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>
/// A listener on 192.168.0.1:8080 with its context, counters and a recording output, plus helpers to open requests
/// and to turn options into the bytes Linux would put on the wire. Virtual time starts at <see cref="T0"/> (1000 s,
/// so that no stamp is 0).
/// </summary>
internal sealed class ListenTestBed
{
    public const long T0 = 1_000_000_000;
    public const long Second = 1_000_000;
    public const long Milli = 1_000;
    public const uint ClientIsn = 0xC0FFEE00;
    public const uint ClientTsVal = 1000;

    public ListenTestBed(TcpSysctls? sysctls = null, SocketOptions? options = null, int backlog = 128, ushort advMss = 1460)
    {
        Mib = new MibCounters();
        Context = new ListenerContext(new Ipv4Endpoint(Seg.Server, 8080), sysctls ?? TcpSysctls.Default,
            options ?? SocketOptions.Default, backlog, advMss, new TcpSecrets(42), Mib);
        Listener = new ListenerCore(Context);
    }

    public MibCounters Mib { get; }
    public ListenerContext Context { get; }
    public ListenerCore Listener { get; }
    public RecordingOutput Out { get; } = new();

    public long this[MibCounter counter] => Mib[counter];

    public static FourTuple Client(ushort port) => new(Seg.Server, 8080, Seg.Client, port);

    /// <summary>The usual Linux client SYN (mss 1460, sackOK, TS val 1000, wscale 7).</summary>
    public static TcpSegment Syn(ushort port = 40000, uint isn = ClientIsn, TcpOptionSet? options = null, int payload = 0,
        TcpFlags extra = TcpFlags.None, byte tos = 0) =>
        Seg.Make(TcpFlags.Syn | extra, isn, 0, 64240, options ?? Seg.LinuxSynOptions(ClientTsVal), payload, Client(port), tos);

    public static TcpSegment Ack(uint seq, uint ack, uint? tsVal = null, uint tsEcr = 0, ushort port = 40000,
        int payload = 0, TcpFlags extra = TcpFlags.None)
    {
        var options = tsVal is { } v ? new TcpOptionSet { Timestamps = new TcpTimestamps(v, tsEcr) } : default;
        return Seg.Make(TcpFlags.Ack | extra, seq, ack, 502, options, payload, Client(port));
    }

    /// <summary>Feeds a SYN to the listener, expects a new request, hashes it (first SYN-ACK) and returns its core.</summary>
    public RequestSockCore Open(in TcpSegment syn, long now = T0)
    {
        var verdict = Listener.OnSegment(syn, default, now, Out, out var request);
        Assert.Equal(ListenerVerdict.RequestCreated, verdict);
        Assert.NotNull(request);
        var core = new RequestSockCore(request, Context);
        core.OnHashed(now, Out);
        return core;
    }

    /// <summary>Feeds a SYN that tcp_conn_request must drop: no request, nothing on the wire.</summary>
    public void AssertDropped(in TcpSegment syn, long now = T0)
    {
        Assert.Equal(ListenerVerdict.Dropped, Listener.OnSegment(syn, default, now, Out, out var request));
        Assert.Null(request);
        Assert.Empty(Out.Sent);
    }

    /// <summary>secure_tcp_seq for the SYN's 4-tuple at <paramref name="now"/> (passive side: ours first).</summary>
    public uint ExpectedIsn(long now = T0, ushort port = 40000) =>
        Context.Secrets.Sequence.InitialSequence(Seg.Server, Seg.Client, 8080, port, now * 1000);

    public uint TsOffset => Context.Secrets.Sequence.TimestampOffset(Seg.Server, Seg.Client, Context.Sysctls.TcpTimestamps);

    /// <summary>Our TSval at <paramref name="now"/>: the ms clock plus the per-pair offset.</summary>
    public uint TsVal(long now) => unchecked((uint)(now / 1000) + TsOffset);

    public static byte[] OptionBytes(in OutSegment segment)
    {
        var buffer = new byte[40];
        var length = TcpOptionWriter.Write(segment.Options, buffer);
        return buffer[..length];
    }

    /// <summary>Hex words with "{val}"/"{ecr}" placeholders filled with big-endian 32-bit values.</summary>
    public static byte[] Bytes(string hex, uint val = 0, uint ecr = 0)
    {
        var text = hex.Replace(" ", "", StringComparison.Ordinal);
        text = text.Replace("{val}", Word(val), StringComparison.Ordinal).Replace("{ecr}", Word(ecr), StringComparison.Ordinal);
        return Convert.FromHexString(text);
    }

    private static string Word(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return Convert.ToHexString(b);
    }
}
