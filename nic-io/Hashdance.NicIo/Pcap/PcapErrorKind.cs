namespace Hashdance.NicIo;

/// <summary>Why a capture file could not be read.</summary>
public enum PcapErrorKind
{
    EmptyFile,
    TruncatedGlobalHeader,
    BadMagic,
    UnsupportedVersion,
    UnsupportedLinkType,
    TruncatedRecordHeader,
    TruncatedRecordData,
    CaptureLengthTooLarge,
}
