namespace Hashdance.NicIo;

/// <summary>
/// A problem found in a capture file: what, where (byte offset into the file), a message fit to print, and for
/// <see cref="PcapErrorKind.UnsupportedLinkType"/> the link type the file declares.
/// </summary>
public sealed record PcapError(PcapErrorKind Kind, long Offset, string Message, uint? LinkType = null);
