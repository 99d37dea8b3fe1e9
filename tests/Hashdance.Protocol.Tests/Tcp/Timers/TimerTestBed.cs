using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>
/// A passive child established at <see cref="T0"/> (100 ms) after a 100 ms SYN-ACK RTT: srtt 100 ms, RTO 300 ms,
/// MSS 1448, the client's window scale 7, TS and SACK on. Server TSval = ms + <see cref="ConnectionTestBed.RequestTsOffset"/>.
/// </summary>
internal static class TimerTestBed
{
    public const long T0 = 100_000;
    public const int Mss = 1448;
    public const long Rto = 300_000;

    public static TcpConnectionCore Child(MibCounters mib, RecordingOutput output, SocketOptions? options = null, TcpSysctls? sysctls = null)
    {
        var ack = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(), Listener(mib, sysctls, options), ack, T0);
        core.OnSegment(ack, default, T0, output);
        output.Clear();
        return core;
    }

    /// <summary>A timer expiry as the shell delivers it: the fired timer is no longer armed.</summary>
    public static void Fire(TcpConnectionCore core, RecordingOutput output, TcpTimer timer, long now)
    {
        output.Timers.Remove(timer);
        core.OnTimer(timer, now, output);
    }

    public static uint TsAt(long micros) => (uint)(micros / 1000) + RequestTsOffset;

    /// <summary>An ACK from the client for <paramref name="ackOffset"/> with the raw window field (scaled by 2^7).</summary>
    public static void Ack(TcpConnectionCore core, RecordingOutput output, uint ackOffset, long now, ushort window = 502,
        uint tsVal = ClientTsVal + 10, TcpSackBlock? sack = null) =>
        core.OnSegment(FromClient(TcpFlags.Ack, 1, ackOffset, tsVal: tsVal, tsEcr: TsAt(now) - 1, window: window, sack: sack), default, now, output);

    /// <summary>The probe tcp_xmit_probe_skb sends: a bare ACK at snd_una − 1.</summary>
    public static void AssertBareProbe(OutSegment probe, uint sndUnaOffset, long now)
    {
        Assert.Equal(TcpFlags.Ack, probe.Flags);
        Assert.Equal(new SeqNum(ServerIsn + sndUnaOffset - 1), probe.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 1), probe.Ack);
        Assert.Equal(new TcpTimestamps(TsAt(now), ClientTsVal + 10), probe.Options.Timestamps);
    }
}
