namespace Hashdance.Cli.Decode.Printing;

/// <summary>What the transport printers need from the IP header enclosing them (tcpdump passes them the header
/// pointer): the addresses as printed, the IP version, and whether more fragments follow.</summary>
internal readonly record struct EnclosingIp(string Source, string Destination, int Version, bool MoreFragments)
{
    /// <summary><c>src > dst</c>, as printed before a transport header whose ports were not captured.</summary>
    public string Addresses => $"{Source} > {Destination}";

    /// <summary><c>src.sport > dst.dport: </c>, the start of a TCP or UDP line with <c>-nn</c>.</summary>
    public string Endpoints(ushort sourcePort, ushort destinationPort) =>
        $"{Source}.{sourcePort} > {Destination}.{destinationPort}: ";
}
