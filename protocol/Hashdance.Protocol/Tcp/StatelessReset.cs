using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The RST Linux sends for a segment that no socket wants. Mirrors tcp_v4_send_reset (net/ipv4/tcp_ipv4.c): never
/// answers a RST; a segment with ACK gets <c>RST seq=SEG.ACK</c>, any other gets <c>RST|ACK seq=0
/// ack=SEG.SEQ+SYN+FIN+len</c>; no options, window 0, sent through the per-CPU control socket with DF set, IP ID 0,
/// the offending packet's TOS and the default TTL.
/// </summary>
public static class StatelessReset
{
    /// <summary>Builds the reply, or returns false when Linux stays silent (the segment itself is a RST).</summary>
    public static bool TryBuild(in TcpSegment offending, byte defaultTtl, out OutSegment reset)
    {
        reset = default;
        if (offending.IsRst) return false;
        reset.Tuple = offending.Tuple;
        reset.Window = 0;
        // tcp_v4_send_reset clears the ECN bits of the offending packet's TOS (RFC 3168 §6.1.1: never ECT on a RST).
        reset.Tos = (byte)(offending.Tos & ~3);
        reset.Ttl = defaultTtl;
        reset.DontFragment = true;
        reset.IpId = 0;
        if (offending.IsAck)
        {
            reset.Flags = TcpFlags.Rst;
            reset.Seq = offending.Ack;
            reset.Ack = default;
        }
        else
        {
            reset.Flags = TcpFlags.Rst | TcpFlags.Ack;
            reset.Seq = default;
            reset.Ack = offending.EndSeq;
        }
        return true;
    }
}
