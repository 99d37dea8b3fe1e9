namespace Hashdance.Cli.Decode.Printing;

/// <summary>What the transport printers need from the IP header enclosing them (tcpdump passes them the header
/// pointer): the addresses as printed, the IP version, and whether more fragments follow.</summary>
internal readonly record struct EnclosingIp(string Source, string Destination, int Version, bool MoreFragments);
