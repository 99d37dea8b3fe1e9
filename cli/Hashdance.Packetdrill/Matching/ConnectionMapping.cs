namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// The script-to-live mapping of one connection (the "socket under test", a.6 and a.11): its live remote port,
/// the remote ISN (injected literally: live = script), the local ISN (chosen by the stack and learned from the
/// first outbound SYN or SYN-ACK line, whose seq is only a label), and the TS offset (learned from the first
/// outbound TSval). In packets with SYN set, seq and ack are absolute; in all others they are relative to the
/// sender's ISN. Before the local ISN is known, local sequence numbers are used as written, which is what a
/// segment to a socket that has no connection needs (the reset's seq is the segment's own ack).
/// </summary>
public sealed class ConnectionMapping(ushort remotePort)
{
    /// <summary>The remote peer's (live) port for this connection.</summary>
    public ushort RemotePort { get; } = remotePort;

    /// <summary>The local port, once known (the listener's port for a passive open; learned from the SYN for an active one).</summary>
    public ushort? LocalPort { get; set; }

    /// <summary>The remote ISN: the seq of the last inbound SYN (live and script agree).</summary>
    public uint RemoteIsn { get; private set; }

    /// <summary>The local ISN label the script used on the first outbound SYN / SYN-ACK.</summary>
    public uint ScriptLocalIsn { get; private set; }

    /// <summary>The live local ISN, once an outbound SYN / SYN-ACK was seen.</summary>
    public uint? LiveLocalIsn { get; private set; }

    /// <summary>live TSval − script TSval, once an outbound TSval was seen.</summary>
    public uint? TsOffset { get; private set; }

    public void NoteInboundSyn(uint scriptSeq) => RemoteIsn = scriptSeq;

    public void LearnLocalIsn(uint scriptIsn, uint liveIsn)
    {
        ScriptLocalIsn = scriptIsn;
        LiveLocalIsn = liveIsn;
    }

    public void LearnTsOffset(uint scriptVal, uint liveVal) => TsOffset = unchecked(liveVal - scriptVal);

    /// <summary>A local sequence number as written on a line: absolute when the line has SYN, else relative.</summary>
    public uint LiveLocal(uint scriptValue, bool syn) => LiveLocalIsn is { } live
        ? unchecked(live + (syn ? scriptValue - ScriptLocalIsn : scriptValue))
        : scriptValue;

    /// <summary>A remote sequence number as written on a line: absolute when the line has SYN, else relative.</summary>
    public uint LiveRemote(uint scriptValue, bool syn) => syn ? scriptValue : unchecked(RemoteIsn + scriptValue);

    /// <summary>The script value a live outbound TSval stands for (the TS offset must be known).</summary>
    public uint ScriptTsVal(uint liveVal) => unchecked(liveVal - (TsOffset ?? 0));

    /// <summary>The live TSval an inbound TSecr names; as written until an outbound TSval was seen.</summary>
    public uint LiveTsEcr(uint scriptEcr) => unchecked(scriptEcr + (TsOffset ?? 0));
}
