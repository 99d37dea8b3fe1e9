using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>The errno an ICMP error reported (sk_err when it aborted the socket, sk_err_soft otherwise); 0 if none.</summary>
    public int IcmpErrno { get; private set; }

    /// <summary>
    /// An ICMP error quoting one of our segments. Mirrors tcp_v4_err (net/ipv4/tcp_ipv4.c) for a full socket: the
    /// quoted sequence must lie in [snd_una, snd_nxt] ([snt_isn, snd_nxt] for a Fast Open child; else OutOfWindowIcmps); destination unreachable maps its code
    /// through icmp_err_convert, time exceeded gives EHOSTUNREACH and parameter problem EPROTO; fragmentation needed
    /// is path-MTU discovery and does not abort. In SYN_SENT and SYN_RECV (but not for an accepted Fast Open child)
    /// the error aborts the connection at once
    /// (connect() fails with it); on a synchronised socket it is only remembered as the soft error, as Linux does
    /// without IP_RECVERR. Fragmentation needed (<paramref name="nextHopMtu"/>) lowers the path MTU
    /// (<see cref="MtuReduced"/>). Returns true when the connection was aborted.
    /// </summary>
    public bool OnIcmpError(byte type, byte code, SeqNum quotedSeq, long nowMicros, ITcpOutput output, ushort nextHopMtu = 0)
    {
        if (_state == TcpState.Close) return false;
        // A Fast Open child's SYN-ACK is not in its write queue: the window starts at the request's snt_isn.
        var oldest = _fastOpenRequest is { } request ? request.SntIsn : _sndUna;
        if (!SeqNum.Between(quotedSeq, oldest, _sndNxt))
        {
            _mib.Increment(MibCounter.TcpExtOutOfWindowIcmps);
            return false;
        }
        int errno;
        switch (type)
        {
            case 3:
                // code > NR_ICMP_UNREACH is ignored; frag-needed belongs to PMTU discovery (RFC 1191).
                if (code == 4) MtuReduced(nextHopMtu, nowMicros, output);
                if (code > 15 || code == 4) return false;
                errno = UnreachableErrno[code];
                break;
            case 11:
                errno = Errno.EHOSTUNREACH;
                break;
            case 12:
                errno = Errno.EPROTO;
                break;
            default:
                return false;
        }
        IcmpErrno = errno;
        if (_state is not (TcpState.SynSent or TcpState.SynRecv)) return false;
        // An accepted Fast Open child is treated as a connected socket: the error is only remembered.
        if (_fastOpenRequest is not null && _fastOpenAccepted) return false;
        _sendQueue.Discard(_sendQueue.Count);
        Done(output);
        output.Notify(TcpSocketEvent.Unreachable);
        return true;
    }

    /// <summary>net.ipv4.route.min_pmtu (ip_rt_min_pmtu): the smallest path MTU a frag-needed can set.</summary>
    public const int MinPathMtu = 552;

    private int _pmtuCookie; // icsk_pmtu_cookie once a frag-needed lowered it; 0: the route's MTU

    /// <summary>A new socket's dst_mtu: a path MTU the stack learned towards the peer, while it lasts, if lower than the route's.</summary>
    private void StartFromLearnedPathMtu(long nowMicros)
    {
        var learned = _settings.PathMtus?.Lookup(Tuple.RemoteAddress, nowMicros) ?? 0;
        if (learned != 0 && learned < _settings.PathMtu) _pmtuCookie = learned;
    }

    /// <summary>The path MTU the socket sends for: the route's, or less after a frag-needed.</summary>
    public int PathMtu => _pmtuCookie != 0 ? _pmtuCookie : _settings.PathMtu;

    /// <summary>
    /// Mirrors tcp_v4_mtu_reduced with the route update of __ip_rt_update_pmtu: a frag-needed never raises the path
    /// MTU, and one below min_pmtu sets min_pmtu (and leaves EMSGSIZE as the soft error, since our segments carry
    /// DF). When the path MTU drops below what the socket sends for, the MSS follows (tcp_sync_mss) and every segment
    /// in flight that no longer fits is resent cut to the new size (tcp_simple_retransmit).
    /// </summary>
    private void MtuReduced(ushort nextHopMtu, long nowMicros, ITcpOutput output)
    {
        if (_state is TcpState.Listen or TcpState.Close) return;
        var current = PathMtu;
        var mtu = nextHopMtu < MinPathMtu ? Math.Min(current, MinPathMtu) : Math.Min(current, (int)nextHopMtu);
        if (nextHopMtu < mtu) IcmpErrno = Errno.EMSGSIZE;
        if (current <= mtu) return;
        _pmtuCookie = mtu;
        // __ip_rt_update_pmtu: the route learns it too, for the connections that open later (ip_rt_mtu_expires).
        _settings.PathMtus?.Learn(Tuple.RemoteAddress, mtu, nowMicros + _settings.Sysctls.RouteMtuExpires * 1_000_000L);
        SyncMss();
        SimpleRetransmit(nowMicros, output);
    }

    /// <summary>
    /// Mirrors tcp_simple_retransmit: segments longer than the new MSS are lost; the congestion window is left alone
    /// (the data in flight did not grow, only its units shrank) but the state becomes Loss, and the lost segments go
    /// again, cut to the MSS.
    /// </summary>
    private void SimpleRetransmit(long nowMicros, ITcpOutput output)
    {
        for (var i = 0; i < _rtx.Count; i++)
        {
            var fin = _rtx.Has(i, RetransmitQueue.Marks.Fin) ? 1 : 0;
            if (_rtx.End(i) - _rtx.Start(i) - fin > _mssCache) _rtx.MarkLost(i, retransmissionToo: false, out _);
        }
        if (_rtx.LostOut == 0) return;
        if (_caState != CongestionState.Loss)
        {
            _highSeq = _sndNxt;
            _cwnd.Ssthresh = CurrentSsthresh();
            SetCaState(CongestionState.Loss);
        }
        XmitRetransmitQueue(nowMicros, output);
    }

    /// <summary>Mirrors tcp_current_ssthresh: ssthresh during a window reduction, else at least ¾ of cwnd.</summary>
    private int CurrentSsthresh() => _caState is CongestionState.Recovery or CongestionState.Cwr
        ? _cwnd.Ssthresh
        : Math.Max(_cwnd.Ssthresh, (_cwnd.Cwnd >> 1) + (_cwnd.Cwnd >> 2));

    /// <summary>icmp_err_convert[] (net/ipv4/icmp.c): errno for each destination-unreachable code 0..15.</summary>
    private static readonly int[] UnreachableErrno =
    [
        Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.ENOPROTOOPT, Errno.ECONNREFUSED, Errno.EMSGSIZE, Errno.EOPNOTSUPP,
        Errno.ENETUNREACH, Errno.EHOSTDOWN, Errno.ENONET, Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.ENETUNREACH,
        Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH,
    ];
}
