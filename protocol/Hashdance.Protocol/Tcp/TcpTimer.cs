namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The timers a core can ask its shell to arm. Re-arming a kind replaces its deadline, as mod_timer does for the
/// kernel's per-socket timers; a shell multiplexes its kinds onto one wake-up with <see cref="TcpTimerDeadlines"/>,
/// which also fixes the order of kinds due together.
/// </summary>
public enum TcpTimer : byte
{
    /// <summary>The request sock's SYN-ACK timer (reqsk_timer_handler).</summary>
    SynAck,
    /// <summary>ICSK_TIME_RETRANS: SYN and data retransmission (tcp_retransmit_timer).</summary>
    Retransmit,
    /// <summary>ICSK_TIME_DACK (tcp_delack_timer).</summary>
    DelayedAck,
    /// <summary>ICSK_TIME_PROBE0: zero-window probes.</summary>
    ZeroWindowProbe,
    /// <summary>ICSK_TIME_LOSS_PROBE: RACK-TLP's tail loss probe.</summary>
    LossProbe,
    /// <summary>ICSK_TIME_REO_TIMEOUT: RACK reordering timer.</summary>
    ReorderTimeout,
    /// <summary>sk_timer: keepalive (tcp_keepalive_timer).</summary>
    Keepalive,
    /// <summary>sk_timer in FIN_WAIT2 for orphans (tcp_fin_timeout / TCP_LINGER2).</summary>
    FinWait2,
    /// <summary>inet_timewait_sock's tw_timer.</summary>
    TimeWait,
}
