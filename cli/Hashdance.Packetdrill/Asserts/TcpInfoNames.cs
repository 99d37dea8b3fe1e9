using Hashdance.Actors.Api;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Packetdrill.Asserts;

/// <summary>
/// The names a <c>%{ }%</c> block may use: struct tcp_info fields (include/uapi/linux/tcp.h) from the stack's
/// <see cref="SocketInfo"/>, Linux's state numbers (TCP_ESTABLISHED …, include/net/tcp_states.h) and the
/// TCPI_OPT_* bits and TCP_CA_* states. Fields the stack does not report (tcpi_busy_time, tcpi_rwnd_limited, SK_MEMINFO_*)
/// are absent, so a block using them is reported as unsupported.
/// </summary>
public static class TcpInfoNames
{
    public const long OptTimestamps = 1, OptSack = 2, OptWscale = 4, OptEcn = 8, OptEcnSeen = 16, OptSynData = 32;

    public static Dictionary<string, long> Constants()
    {
        var names = new Dictionary<string, long>
        {
            ["TCPI_OPT_TIMESTAMPS"] = OptTimestamps,
            ["TCPI_OPT_SACK"] = OptSack,
            ["TCPI_OPT_WSCALE"] = OptWscale,
            ["TCPI_OPT_ECN"] = OptEcn,
            ["TCPI_OPT_ECN_SEEN"] = OptEcnSeen,
            ["TCPI_OPT_SYN_DATA"] = OptSynData,
        };
        foreach (var state in Enum.GetValues<TcpState>()) names[StateName(state)] = (long)state;
        names["TCP_INFINITE_SSTHRESH"] = CongestionWindow.InfiniteSsthresh;
        names["TCP_CA_Open"] = (long)CongestionState.Open;
        names["TCP_CA_Disorder"] = (long)CongestionState.Disorder;
        names["TCP_CA_CWR"] = (long)CongestionState.Cwr;
        names["TCP_CA_Recovery"] = (long)CongestionState.Recovery;
        names["TCP_CA_Loss"] = (long)CongestionState.Loss;
        return names;
    }

    public static string StateName(TcpState state) => state switch
    {
        TcpState.Established => "TCP_ESTABLISHED",
        TcpState.SynSent => "TCP_SYN_SENT",
        TcpState.SynRecv => "TCP_SYN_RECV",
        TcpState.FinWait1 => "TCP_FIN_WAIT1",
        TcpState.FinWait2 => "TCP_FIN_WAIT2",
        TcpState.TimeWait => "TCP_TIME_WAIT",
        TcpState.Close => "TCP_CLOSE",
        TcpState.CloseWait => "TCP_CLOSE_WAIT",
        TcpState.LastAck => "TCP_LAST_ACK",
        TcpState.Listen => "TCP_LISTEN",
        TcpState.Closing => "TCP_CLOSING",
        TcpState.NewSynRecv => "TCP_NEW_SYN_RECV",
        _ => state.ToString(),
    };

    /// <summary>The tcpi_* names for a live connection.</summary>
    public static Dictionary<string, long> For(SocketInfo info)
    {
        var names = Constants();
        names["tcpi_state"] = (long)info.State;
        names["tcpi_options"] = (info.Timestamps ? OptTimestamps : 0) | (info.Sack ? OptSack : 0) | (info.WindowScale ? OptWscale : 0) | (info.Ecn ? OptEcn : 0) | (info.SynData ? OptSynData : 0);
        names["tcpi_snd_wscale"] = info.SndWscale;
        names["tcpi_rcv_wscale"] = info.RcvWscale;
        names["tcpi_snd_mss"] = info.SndMss;
        names["tcpi_rcv_mss"] = info.RcvMss;
        names["tcpi_advmss"] = info.AdvMss;
        names["tcpi_snd_cwnd"] = info.SndCwnd;
        names["tcpi_rto"] = info.RtoMicros;
        names["tcpi_retransmits"] = info.Retransmits;
        names["tcpi_total_retrans"] = info.TotalRetrans;
        names["tcpi_snd_wnd"] = info.SndWnd;
        names["tcpi_rcv_wnd"] = info.RcvWnd;
        names["tcpi_snd_ssthresh"] = info.SndSsthresh;
        names["tcpi_ca_state"] = (long)info.CaState;
        names["tcpi_unacked"] = info.Unacked;
        names["tcpi_sacked"] = info.Sacked;
        names["tcpi_lost"] = info.Lost;
        names["tcpi_retrans"] = info.Retrans;
        names["tcpi_rtt"] = info.SrttMicros;
        names["tcpi_min_rtt"] = info.MinRttMicros < 0 ? uint.MaxValue : info.MinRttMicros;
        if (info.PacingRate <= long.MaxValue) names["tcpi_pacing_rate"] = (long)info.PacingRate;
        names["tcpi_reordering"] = info.Reordering;
        names["tcpi_delivered"] = info.Delivered;
        return names;
    }

    /// <summary>The names for a socket with no live connection: only its state is known.</summary>
    public static Dictionary<string, long> ForState(TcpState state)
    {
        var names = Constants();
        names["tcpi_state"] = (long)state;
        return names;
    }
}
