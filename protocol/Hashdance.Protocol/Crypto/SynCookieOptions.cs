namespace Hashdance.Protocol.Crypto;

/// <summary>
/// TCP options recovered from the TSecr of a SYN-cookie ACK (<c>cookie_timestamp_decode</c>). <see cref="Ok"/> is
/// false when the ACK claims an option the host has since disabled; Linux then treats the cookie as unusable.
/// </summary>
public readonly record struct SynCookieOptions(
    bool Ok,
    bool TimestampOk,
    bool SackOk,
    bool WindowScaleOk,
    byte SendWindowScale,
    bool EcnBit);
