using Hashdance.Packetdrill.Language;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// Packet lines as packetdrill prints them in its error reports: a script line as written, and a live segment with
/// its sequence numbers rebased onto the script's (relative to the ISNs, absolute on SYNs).
/// </summary>
public static class PacketLineText
{
    /// <summary>A script packet line as written: <c>S. 0:0(0) ack 1 win 65535 &lt;mss 1460&gt;</c>.</summary>
    public static string Format(TcpPacketEvent p)
    {
        var text = $"{p.FlagsText} {p.StartSeq}:{p.EndSeq}({p.PayloadLength})";
        if (p.Ack is { } ack) text += $" ack {ack}";
        if (p.Window is { } win) text += $" win {win}";
        if (p.OptionsUnchecked) text += " <...>";
        else if (p.Options is { } options) text += " <" + string.Join(',', options) + ">";
        return text;
    }

    /// <summary>A segment the stack sent, in the script's numbering for <paramref name="connection"/>.</summary>
    public static string Format(CapturedSegment s, ConnectionMapping connection)
    {
        var syn = (s.Flags & TcpFlags.Syn) != 0;
        var seq = connection.LiveLocalIsn is { } isn ? unchecked(s.Seq - isn + (syn ? connection.ScriptLocalIsn : 0)) : s.Seq;
        var ack = syn || (s.Flags & TcpFlags.Ack) == 0 ? s.Ack : unchecked(s.Ack - connection.RemoteIsn);
        var options = s.Options.Length == 0 ? "" : " " + TcpOptionText.Format(s.Options, connection.TsOffset is null ? null : connection.ScriptTsVal);
        return $"{TcpFlagsText.Format(s.Flags)} {seq}:{unchecked(seq + (uint)s.PayloadLength)}({s.PayloadLength}) ack {ack} win {s.Window}{options}";
    }
}
