namespace Hashdance.Protocol.Tcp;

/// <summary>What a request's SYN-ACK timer expiry led to (reqsk_timer_handler).</summary>
public enum RequestTimerVerdict : byte
{
    /// <summary>The request lives on; the timer was armed again (after a SYN-ACK retransmission, unless deferred).</summary>
    Rearmed,

    /// <summary>The request was dropped silently (no RST): retries ran out or the listener is closed. The queue count
    /// was given back; the shell unhashes the request and stops.</summary>
    Expired,
}
