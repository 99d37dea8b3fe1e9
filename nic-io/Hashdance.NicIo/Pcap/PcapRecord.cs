namespace Hashdance.NicIo;

/// <summary>
/// One packet record of a classic pcap file. <see cref="TimestampFraction"/> is microseconds or nanoseconds,
/// as <see cref="IsNanosecond"/> says; <see cref="Data"/> holds the <see cref="CapturedLength"/> bytes captured of a
/// frame that was <see cref="OriginalLength"/> long on the wire. <see cref="Number"/> counts from 1, like tshark's.
/// </summary>
public sealed record PcapRecord(
    long Number,
    uint TimestampSeconds,
    uint TimestampFraction,
    bool IsNanosecond,
    uint CapturedLength,
    uint OriginalLength,
    byte[] Data)
{
    public long TimestampMicros => TimestampSeconds * 1_000_000L + (IsNanosecond ? TimestampFraction / 1000 : TimestampFraction);
}
