namespace Hashdance.Protocol.Linux;

/// <summary>
/// What a request sock does when its timer fires (<c>reqsk_timer_handler</c>).
/// <list type="bullet">
/// <item><see cref="Drop"/>: remove the request silently (no RST): qlen−−, and young−− if it never timed out.</item>
/// <item>Otherwise, if <see cref="Resend"/>, retransmit the SYN-ACK first. If that retransmission fails and the
/// request is not <c>acked</c>, Linux drops it after all (the caller applies that rule).</item>
/// <item>Then set num_timeout to <see cref="NumTimeout"/>, decrement the listener's young count when
/// <see cref="LeavesYoung"/>, and re-arm for <see cref="NextTimeoutMicros"/>.</item>
/// </list>
/// <see cref="MaxRetries"/> is the retry limit that applied after pruning.
/// </summary>
public readonly record struct RequestTimerDecision(
    bool Drop,
    bool Resend,
    int NumTimeout,
    bool LeavesYoung,
    long NextTimeoutMicros,
    int MaxRetries);
