namespace Hashdance.Protocol.Crypto;

/// <summary>
/// The result of validating the acknowledgement number of an ACK as a SYN cookie (<c>__cookie_v4_check</c>):
/// <see cref="Mss"/> is the table MSS recovered from the cookie, or 0 when <see cref="Valid"/> is false.
/// </summary>
public readonly record struct SynCookieCheck(bool Valid, ushort Mss)
{
    public static SynCookieCheck Invalid => default;
}
