using Hashdance.Actors.Messages;
using Hashdance.NicIo;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// Re-reads a segment the ingress already validated, with the receiving socket's own option-parse settings
/// (tcp_parse_options depends on the socket). Span views only: a few nanoseconds, no allocation.
/// </summary>
public static class SegmentReader
{
    public static TcpSegment Read(SegmentArrived arrived, in TcpParseSettings settings, out ReadOnlySpan<byte> payload) =>
        Read(arrived.Frame, arrived.IpOffset, settings, out payload);

    /// <summary>The same, for a frame claimed from its pooled slot; <paramref name="ipOffset"/> is where the IPv4 header starts.</summary>
    public static TcpSegment Read(PooledFrame frame, int ipOffset, in TcpParseSettings settings, out ReadOnlySpan<byte> payload)
    {
        var ipBytes = frame.Span[ipOffset..];
        if (!Ipv4Packet.TryParse(ipBytes, out var ip, out var error) || !TcpPacket.TryParse(ip.Payload, out var tcp, out error))
            throw new InvalidOperationException($"the ingress routed a segment it had not validated ({error})");
        payload = tcp.Payload;
        return TcpSegment.Read(ip, tcp, settings);
    }

    /// <summary>The SYN's IP and TCP headers (TCP_SAVE_SYN = 1), with the link-layer header in front for mode 2.</summary>
    public static ReadOnlySpan<byte> SynHeaders(SegmentArrived arrived, int saveSyn)
    {
        if (saveSyn == 0) return default;
        var frame = arrived.Frame.Span;
        var ipBytes = frame[arrived.IpOffset..];
        if (!Ipv4Packet.TryParse(ipBytes, out var ip, out _) || !TcpPacket.TryParse(ip.Payload, out var tcp, out _)) return default;
        var end = arrived.IpOffset + ip.HeaderLength + tcp.HeaderLength;
        return saveSyn >= 2 ? frame[..end] : frame[arrived.IpOffset..end];
    }
}
