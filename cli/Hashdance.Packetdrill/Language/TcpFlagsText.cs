using System.Text;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Language;

/// <summary>Converts between TCP flag bits and packetdrill's flag letters (S F R P . U E W, <c>-</c> for none).</summary>
public static class TcpFlagsText
{
    /// <summary>One letter per flag, in the order packetdrill prints them, with <c>.</c> for ACK.</summary>
    private static readonly (char Letter, TcpFlags Flag)[] Letters =
    [
        ('S', TcpFlags.Syn), ('F', TcpFlags.Fin), ('R', TcpFlags.Rst), ('P', TcpFlags.Psh),
        ('U', TcpFlags.Urg), ('E', TcpFlags.Ece), ('W', TcpFlags.Cwr), ('.', TcpFlags.Ack),
    ];

    public static bool TryParse(string text, out TcpFlags flags)
    {
        flags = TcpFlags.None;
        if (text == "-") return true;
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            var known = false;
            foreach (var (letter, flag) in Letters)
            {
                if (c != letter) continue;
                flags |= flag;
                known = true;
            }
            if (!known) return false;
        }
        return true;
    }

    public static string Format(TcpFlags flags)
    {
        var text = new StringBuilder();
        foreach (var (letter, flag) in Letters)
            if ((flags & flag) != 0) text.Append(letter);
        if ((flags & TcpFlags.Ae) != 0) text.Insert(0, 'A');
        return text.Length == 0 ? "-" : text.ToString();
    }
}
