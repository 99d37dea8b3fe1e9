namespace Hashdance.NicIo;

/// <summary>
/// Constants of the classic libpcap file format (draft-ietf-opsawg-pcap; pcap-savefile(5)), shared by the writer and
/// the reader.
/// </summary>
internal static class PcapFormat
{
    public const uint MagicMicroseconds = 0xA1B2C3D4;
    public const uint MagicNanoseconds = 0xA1B23C4D;

    /// <summary>The first word of a pcapng Section Header Block, recognised only to give a better error.</summary>
    public const uint PcapNgBlockType = 0x0A0D0D0A;

    public const ushort VersionMajor = 2;
    public const ushort VersionMinor = 4;
    public const uint LinkTypeEthernet = 1;

    /// <summary>libpcap's MAXIMUM_SNAPLEN and tcpdump's default snapshot length.</summary>
    public const int MaxSnapLength = 262144;

    public const int GlobalHeaderLength = 24;
    public const int RecordHeaderLength = 16;
}
