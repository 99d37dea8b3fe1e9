using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>The errno an ICMP error reported (sk_err when it aborted the socket, sk_err_soft otherwise); 0 if none.</summary>
    public int IcmpErrno { get; private set; }

    /// <summary>
    /// An ICMP error quoting one of our segments. Mirrors tcp_v4_err (net/ipv4/tcp_ipv4.c) for a full socket: the
    /// quoted sequence must lie in [snd_una, snd_nxt] (else OutOfWindowIcmps); destination unreachable maps its code
    /// through icmp_err_convert, time exceeded gives EHOSTUNREACH and parameter problem EPROTO; fragmentation needed
    /// is path-MTU discovery and does not abort. In SYN_SENT and SYN_RECV the error aborts the connection at once
    /// (connect() fails with it); on a synchronised socket it is only remembered as the soft error, as Linux does
    /// without IP_RECVERR. Returns true when the connection was aborted.
    /// </summary>
    public bool OnIcmpError(byte type, byte code, SeqNum quotedSeq, long nowMicros, ITcpOutput output)
    {
        if (_state == TcpState.Close) return false;
        if (!SeqNum.Between(quotedSeq, _sndUna, _sndNxt))
        {
            _mib.Increment(MibCounter.TcpExtOutOfWindowIcmps);
            return false;
        }
        int errno;
        switch (type)
        {
            case 3:
                // code > NR_ICMP_UNREACH is ignored; frag-needed belongs to PMTU discovery (tcp_v4_mtu_reduced).
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
        _sendQueue.Discard(_sendQueue.Count);
        Done(output);
        output.Notify(TcpSocketEvent.Unreachable);
        return true;
    }

    /// <summary>icmp_err_convert[] (net/ipv4/icmp.c): errno for each destination-unreachable code 0..15.</summary>
    private static readonly int[] UnreachableErrno =
    [
        Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.ENOPROTOOPT, Errno.ECONNREFUSED, Errno.EMSGSIZE, Errno.EOPNOTSUPP,
        Errno.ENETUNREACH, Errno.EHOSTDOWN, Errno.ENONET, Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.ENETUNREACH,
        Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH,
    ];
}
