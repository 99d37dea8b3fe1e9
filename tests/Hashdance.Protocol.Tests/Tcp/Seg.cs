using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Tcp;

/// <summary>
/// Builds inbound segments for core tests the way the stack would see them: the options are written with
/// <see cref="TcpOptionWriter"/> and parsed back with <see cref="TcpOptions.Parse"/>, so tests exercise the real
/// option path. Default tuple: client 192.0.2.1:40000 → server 192.168.0.1:8080.
/// </summary>
public static class Seg
{
    public static readonly Ipv4Address Server = Ipv4Address.Parse("192.168.0.1");
    public static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.1");
    public static readonly FourTuple Tuple = new(Server, 8080, Client, 40000);

    public static TcpSegment Make(TcpFlags flags, uint seq, uint ack = 0, ushort window = 65535, TcpOptionSet options = default,
        int payloadLength = 0, FourTuple? tuple = null, byte tos = 0, TcpParseSettings? settings = null)
    {
        Span<byte> buffer = stackalloc byte[40];
        var written = TcpOptionWriter.Write(options, buffer);
        var parsed = TcpOptions.Parse(buffer[..written], (flags & TcpFlags.Syn) != 0, settings ?? TcpParseSettings.Listener);
        return new TcpSegment(tuple ?? Tuple, new SeqNum(seq), new SeqNum(ack), flags, window, parsed, payloadLength, 20 + written, 0, tos);
    }

    /// <summary>The usual Linux client SYN options: mss 1460, sackOK, TS val/ecr 0, nop, wscale 7.</summary>
    public static TcpOptionSet LinuxSynOptions(uint tsVal = 1000, byte wscale = 7) => new()
    {
        Mss = 1460,
        SackPermitted = true,
        Timestamps = new TcpTimestamps(tsVal, 0),
        WindowScale = wscale,
    };
}
