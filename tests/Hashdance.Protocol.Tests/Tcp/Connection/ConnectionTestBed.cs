using Hashdance.Protocol.Config;
using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>
/// Shared set-up for connection-core tests: a listener context and request sock as ListenerCore would build them
/// for Linux's usual client SYN (mss 1460, sackOK, TS, wscale 7), an active-open tuple, and segment helpers.
/// Times are virtual microseconds, multiples of a jiffy (4 ms) unless a test says otherwise.
/// </summary>
internal static class ConnectionTestBed
{
    public const int Seed = 42;
    public const uint ClientIsn = 1_000_000;
    public const uint ServerIsn = 5_000_000;
    public const uint ClientTsVal = 1000;
    public const uint RequestTsOffset = 777;

    /// <summary>Our side of an active open: 192.168.0.1:40000 → 192.0.2.1:80.</summary>
    public static readonly FourTuple ActiveTuple = new(Seg.Server, 40000, Seg.Client, 80);

    public static ListenerContext Listener(MibCounters mib, TcpSysctls? sysctls = null, SocketOptions? options = null) =>
        new(new Ipv4Endpoint(Seg.Server, 8080), sysctls ?? TcpSysctls.Default, options ?? SocketOptions.Default, 128,
            1460, new TcpSecrets(Seed), mib);

    public static ConnectionSettings Settings(MibCounters mib, TcpSysctls? sysctls = null, SocketOptions? options = null) =>
        new(sysctls ?? TcpSysctls.Default, options ?? SocketOptions.Default, 1460, new TcpSecrets(Seed), mib);

    /// <summary>The request sock tcp_conn_request builds for <see cref="Seg.LinuxSynOptions"/> (TS, SACK, WS 7).</summary>
    public static RequestSockState Request(long synMicros = 0)
    {
        var window = InitialWindow.ForRequest(1460, timestamps: true, peerWindowScale: true, 131_072, false, 0, TcpSysctls.Default);
        return new RequestSockState
        {
            Tuple = Seg.Tuple,
            RcvIsn = new SeqNum(ClientIsn),
            RcvNxt = new SeqNum(ClientIsn + 1),
            SntIsn = new SeqNum(ServerIsn),
            Mss = 1460,
            AdvertisedMss = 1460,
            TsRecent = ClientTsVal,
            TsOffset = RequestTsOffset,
            TimestampOk = true,
            SackOk = true,
            WindowScaleOk = true,
            SndWscale = 7,
            RcvWscale = window.ReceiveWindowScale,
            RcvWnd = window.ReceiveWindow,
            WindowClamp = window.WindowClamp,
            SntSynAckMicros = synMicros,
            CreatedMicros = synMicros,
        };
    }

    /// <summary>The established-state parse settings for a connection with TS and SACK.</summary>
    public static readonly TcpParseSettings Established = TcpParseSettings.ForEstablished(true, true);

    /// <summary>A segment from the client to the passive child (seq/ack relative to the ISNs), TS val/ecr given.</summary>
    public static TcpSegment FromClient(TcpFlags flags, uint seqOffset, uint ackOffset, int payloadLength = 0,
        uint tsVal = ClientTsVal + 10, uint tsEcr = 0, ushort window = 502, TcpSackBlock? sack = null)
    {
        var options = new TcpOptionSet { Timestamps = new TcpTimestamps(tsVal, tsEcr) };
        if (sack is { } block) options.AddSackBlock(block.Start, block.End);
        return Seg.Make(flags, ClientIsn + seqOffset, ServerIsn + ackOffset, window, options, payloadLength,
            settings: Established);
    }

    /// <summary>A passive child that has processed the third ACK at <paramref name="nowMicros"/>.</summary>
    public static TcpConnectionCore EstablishedChild(MibCounters mib, RecordingOutput output, long nowMicros = 100_000)
    {
        var listener = Listener(mib);
        var ack = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(), listener, ack, nowMicros);
        core.OnSegment(ack, default, nowMicros, output);
        output.Clear();
        return core;
    }

    /// <summary>The bytes of an option set as they go on the wire.</summary>
    public static byte[] Bytes(in TcpOptionSet options)
    {
        var buffer = new byte[40];
        return buffer[..TcpOptionWriter.Write(options, buffer)];
    }

    /// <summary>A SACK block over the passive child's data segments [<paramref name="firstSegment"/>, + <paramref name="segments"/>) of <paramref name="mss"/> bytes.</summary>
    public static TcpSackBlock SegmentBlock(int firstSegment, int segments, int mss = 1448) =>
        new(new SeqNum(ServerIsn + 1 + (uint)(firstSegment * mss)), new SeqNum(ServerIsn + 1 + (uint)((firstSegment + segments) * mss)));

    public static byte[] Payload(int length, byte seed = 1)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(seed + i);
        return bytes;
    }
}
