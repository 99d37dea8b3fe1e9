using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Language;

/// <summary>
/// A TCP packet line: <c>dir flags start:end(len) [ack N] [win N] [&lt;options&gt;]</c>. <see cref="Ack"/> and
/// <see cref="Window"/> are null when omitted. <see cref="Options"/> is null when the line has no option list (the
/// packet must carry none) and <see cref="OptionsUnchecked"/> is set for <c>&lt;...&gt;</c>.
/// </summary>
public sealed record TcpPacketEvent(
    PacketDirection Direction,
    TcpFlags Flags,
    uint StartSeq,
    uint EndSeq,
    int PayloadLength,
    uint? Ack,
    int? Window,
    IReadOnlyList<TcpOptionSpec>? Options,
    bool OptionsUnchecked) : EventAction
{
    /// <summary>The flags as the script wrote them (<c>S.</c>, <c>FP.</c>, <c>-</c>).</summary>
    public string FlagsText => TcpFlagsText.Format(Flags);
}
