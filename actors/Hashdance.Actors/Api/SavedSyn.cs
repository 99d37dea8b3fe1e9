namespace Hashdance.Actors.Api;

/// <summary>
/// The answer to <see cref="GetSavedSyn"/>: the SYN's IPv4 and TCP headers (with the Ethernet header in front for
/// TCP_SAVE_SYN = 2), or null when nothing was saved or it was already read (Linux frees it on the first read).
/// </summary>
public sealed record SavedSyn(byte[]? Headers) : TcpEvent;
