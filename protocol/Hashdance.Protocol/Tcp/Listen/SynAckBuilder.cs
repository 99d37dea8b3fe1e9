using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// Builds the SYN-ACK of a request sock. Mirrors tcp_make_synack, tcp_synack_options and tcp_v4_send_synack /
/// ip_build_and_send_pkt (net/ipv4/tcp_output.c, tcp_ipv4.c, ip_output.c): <c>SYN|ACK</c> (+ECE when classic ECN was
/// accepted), seq = snt_isn, ack = rcv_nxt, the window unscaled and capped at 65535 (RFC 7323 §2.2), options MSS,
/// SACK-permitted, timestamps and window scale in Linux's order (the writer lays them out), TTL and TOS of the
/// listener (or the SYN's DSCP with tcp_reflect_tos), DF with IP ID 0 under the default PMTU discovery; the first
/// SYN-ACK of a request also carries the Fast Open cookie tcp_try_fastopen chose (RFC 7413 §4.2.1).
/// </summary>
public static class SynAckBuilder
{
    /// <summary>INET_ECN_MASK: the two ECN bits of the IPv4 TOS byte.</summary>
    internal const byte EcnMask = 0x03;

    /// <summary>
    /// The SYN-ACK for <paramref name="request"/> at <paramref name="nowMicros"/>. Records what tcp_make_synack
    /// records: snt_synack (the first SYN-ACK's time) and snt_tsval_first / snt_tsval_last.
    /// </summary>
    public static void Build(RequestSockState request, long nowMicros, ListenerContext context, out OutSegment segment)
    {
        uint? tsVal = null;
        if (request.TimestampOk)
        {
            var value = TimestampClock(nowMicros) + request.TsOffset;
            tsVal = RecordTsval(request, value);
        }
        segment = Compose(request.Tuple, request.SntIsn, request.RcvNxt, request.RcvWnd, request.AdvertisedMss, tsVal,
            request.TsRecent, request.SackOk, request.WindowScaleOk ? request.RcvWscale : null, request.EcnOk,
            request.SynTos, context);
        if (request.SynAckCookie is { } cookie)
        {
            // tcp_synack_options: the cookie tcp_try_fastopen chose, in the SYN's option form, on this SYN-ACK only.
            Span<byte> bytes = stackalloc byte[Crypto.FastOpenCookie.Size];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, cookie);
            segment.Options.SetFastOpenCookie(bytes, request.SynAckCookieExperimental);
            request.SynAckCookie = null;
        }
        if (request.SntSynAckMicros == 0)
            request.SntSynAckMicros = nowMicros;
    }

    /// <summary>
    /// tcp_skb_timestamp_ts for millisecond timestamps: the monotonic clock in ms, truncated to 32 bits (TCP_TS_HZ =
    /// 1000). The TS offset is added by the caller.
    /// </summary>
    internal static uint TimestampClock(long nowMicros) => unchecked((uint)(nowMicros / 1000));

    /// <summary>
    /// The snt_tsval_first / snt_tsval_last bookkeeping of tcp_synack_options (Linux ≥ 6.15): the first TSval is kept
    /// for the TSecr range check of tcp_check_req; a computed 0 would read as "none yet", so it goes out as ~0.
    /// </summary>
    internal static uint RecordTsval(RequestSockState request, uint tsVal)
    {
        if (request.SntTsvalFirst == 0)
        {
            if (tsVal == 0) tsVal = uint.MaxValue;
            request.SntTsvalFirst = tsVal;
        }
        request.SntTsvalLast = tsVal;
        return tsVal;
    }

    /// <summary>
    /// The SYN-ACK from its parts; shared with the syncookie path, which keeps no request state.
    /// </summary>
    internal static OutSegment Compose(FourTuple tuple, SeqNum sntIsn, SeqNum rcvNxt, uint rcvWnd, ushort advertisedMss,
        uint? tsVal, uint tsRecent, bool sackOk, byte? rcvWscale, bool ecnOk, byte synTos, ListenerContext context)
    {
        var segment = new OutSegment
        {
            Tuple = tuple,
            Seq = sntIsn,
            Ack = rcvNxt,
            Flags = ecnOk ? TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece : TcpFlags.Syn | TcpFlags.Ack,
            Window = (ushort)Math.Min(rcvWnd, ushort.MaxValue),
            Tos = SynAckTos(synTos, context),
            Ttl = context.Options.TimeToLive ?? (byte)context.Sysctls.IpDefaultTtl,
        };
        segment.Options.Mss = advertisedMss;
        segment.Options.SackPermitted = sackOk;
        if (tsVal is { } value)
            segment.Options.Timestamps = new TcpTimestamps(value, tsRecent);
        segment.Options.WindowScale = rcvWscale;
        // ip_dont_fragment: with ip_no_pmtu_disc = 0 sockets use IP_PMTUDISC_WANT, so DF is set and the ID is 0.
        // Without PMTU discovery Linux picks a random ID; the egress fills one in when DF is clear.
        segment.DontFragment = context.Sysctls.IpNoPmtuDisc == 0;
        segment.IpId = 0;
        return segment;
    }

    /// <summary>
    /// tcp_v4_send_synack's TOS: the listener's IP_TOS, or with tcp_reflect_tos the SYN's DSCP combined with the
    /// listener's ECN bits. SYN-ACKs are never ECT (RFC 3168 §6.1.1).
    /// </summary>
    private static byte SynAckTos(byte synTos, ListenerContext context)
    {
        var tos = context.Options.TypeOfService ?? 0;
        if (context.Sysctls.TcpReflectTos != 0)
            tos = (byte)((synTos & ~EcnMask) | (tos & EcnMask));
        return tos;
    }
}
