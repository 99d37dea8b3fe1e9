namespace Hashdance.Protocol.Wire;

/// <summary>Why a parser rejected a buffer. Parsers report one of these instead of throwing.</summary>
public enum WireError : byte
{
    None = 0,
    /// <summary>The buffer ends before the header (or the length it declares) does.</summary>
    Truncated,
    /// <summary>IPv4 version field is not 4.</summary>
    BadVersion,
    /// <summary>IPv4 IHL below 5 words.</summary>
    BadHeaderLength,
    /// <summary>IPv4 total length below the header length or beyond the buffer.</summary>
    BadTotalLength,
    /// <summary>An Internet checksum did not verify.</summary>
    BadChecksum,
    /// <summary>An IPv4 fragment (MF set or offset non-zero): recognised, but reassembly is not supported.</summary>
    Fragmented,
    /// <summary>The EtherType is not one this stack handles.</summary>
    UnsupportedEtherType,
    /// <summary>The IPv4 protocol number is not one this stack handles.</summary>
    UnsupportedProtocol,
    /// <summary>TCP data offset below 5 words.</summary>
    BadDataOffset,
    /// <summary>ARP hardware/protocol type or address lengths are not Ethernet/IPv4.</summary>
    BadArpFormat,
    /// <summary>ARP operation other than request (1) or reply (2).</summary>
    UnsupportedArpOperation,
    /// <summary>ICMP type/code this stack does not model.</summary>
    UnsupportedIcmpMessage,
}
