namespace Hashdance.Protocol.Crypto;

/// <summary>
/// A freshly encoded SYN cookie: <see cref="Isn"/> is our ISN for the SYN-ACK, <see cref="Mss"/> the peer MSS rounded
/// down to the cookie MSS table (what <c>__cookie_v4_init_sequence</c> writes back through <c>mssp</c>).
/// </summary>
public readonly record struct SynCookie(uint Isn, ushort Mss);
