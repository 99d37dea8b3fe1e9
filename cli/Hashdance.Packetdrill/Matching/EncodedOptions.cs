namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// TCP option bytes in the order a script wrote them. <see cref="TimestampOffset"/> is the index of the TSval
/// field (TSecr follows it) or -1 when there is no TS option, so the timestamp can be rewritten or left unchecked.
/// </summary>
public sealed record EncodedOptions(byte[] Bytes, int TimestampOffset)
{
    public static EncodedOptions None { get; } = new([], -1);
}
