using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Api;

/// <summary>
/// A TCP_INFO-like snapshot of one connection, with struct tcp_info's meanings: <see cref="State"/> uses Linux's
/// state numbers; <see cref="SndMss"/> is tcpi_snd_mss (mss_cache), <see cref="AdvMss"/> tcpi_advmss,
/// <see cref="RcvMss"/> tcpi_rcv_mss; the option flags are tcpi_options (TCPI_OPT_TIMESTAMPS, _SACK, _WSCALE, _ECN,
/// and <see cref="SynData"/> for TCPI_OPT_SYN_DATA: a Fast Open SYN's data was accepted);
/// <see cref="SrttMicros"/> and <see cref="RttVarMicros"/> are tcpi_rtt and tcpi_rttvar (0 before the first sample);
/// <see cref="SendBuffer"/> is sk_sndbuf (getsockopt SO_SNDBUF) and <see cref="SendBufferFree"/> what a write could
/// add now; <see cref="CaState"/> is tcpi_ca_state (TCP_CA_Open = 0
/// … TCP_CA_Loss = 4, the enum's order), <see cref="Unacked"/>, <see cref="Sacked"/>, <see cref="Lost"/> and
/// <see cref="Retrans"/> are tcpi_unacked, tcpi_sacked, tcpi_lost and tcpi_retrans; <see cref="MinRttMicros"/> is
/// tcpi_min_rtt (-1 before a sample), <see cref="PacingRate"/> tcpi_pacing_rate (ulong.MaxValue: unlimited),
/// <see cref="Reordering"/> tcpi_reordering and <see cref="Delivered"/> tcpi_delivered.
/// </summary>
public sealed record SocketInfo(
    Ipv4Endpoint LocalAddress,
    Ipv4Endpoint RemoteAddress,
    TcpState State,
    bool Timestamps,
    bool Sack,
    bool WindowScale,
    bool Ecn,
    byte SndWscale,
    byte RcvWscale,
    int SndMss,
    int RcvMss,
    int AdvMss,
    int SndCwnd,
    long RtoMicros,
    int Retransmits,
    int TotalRetrans,
    uint SndWnd,
    uint RcvWnd,
    int Unread,
    int Unsent,
    long SrttMicros,
    long RttVarMicros,
    int SendBuffer,
    int SendBufferFree,
    int SndSsthresh,
    CongestionState CaState,
    int Unacked,
    int Sacked,
    int Lost,
    int Retrans,
    long MinRttMicros,
    ulong PacingRate,
    int Reordering,
    long Delivered,
    bool SynData = false) : TcpEvent
{
    public static SocketInfo From(TcpConnectionCore core) => new(
        new Ipv4Endpoint(core.Tuple.LocalAddress, core.Tuple.LocalPort),
        new Ipv4Endpoint(core.Tuple.RemoteAddress, core.Tuple.RemotePort),
        core.State, core.TimestampOk, core.SackOk, core.WindowScaleOk, core.EcnOk, core.SndWscale, core.RcvWscale,
        core.Mss, core.RcvMss, core.AdvMss, core.SndCwnd, core.RtoMicros, core.Retransmits, core.TotalRetrans,
        core.SndWnd, core.RcvWnd, core.ReadableBytes, core.SendQueueBytes,
        core.SmoothedRttMicros, core.RttVarMicros, core.SendBuffer, core.SendBufferFree, core.SndSsthresh, core.CongestionState,
        core.PacketsOut, core.SackedOut, core.LostOut, core.RetransOut, core.MinRttMicros, core.PacingRate, core.Reordering, core.Delivered,
        core.SynDataAcked);
}
