using System.Buffers.Binary;
using Hashdance.Packetdrill.Language;

namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// Writes a script's option list byte for byte (no reordering, no implicit padding): kind, length and value per
/// RFC 9293 (mss, nop, eol), RFC 7323 (wscale, TS), RFC 2018 (sackOK, sack), RFC 7413 (FO, kind 34) and the
/// experimental Fast Open option (kind 254, magic 0xF989). Cookies are hex, possibly through a -D symbol.
/// </summary>
public static class TcpOptionEncoder
{
    public const byte KindEol = 0, KindNop = 1, KindMss = 2, KindWscale = 3, KindSackPermitted = 4, KindSack = 5, KindTimestamp = 8;
    public const byte KindFastOpen = 34, KindExperimental = 254;
    public const ushort FastOpenMagic = 0xF989;

    /// <summary>Encodes <paramref name="options"/>; SACK edges go through <paramref name="mapSackEdge"/> (inbound: shifted like acks).</summary>
    public static bool TryEncode(IReadOnlyList<TcpOptionSpec> options, Func<string, string> resolve, Func<uint, uint> mapSackEdge,
        out EncodedOptions encoded, out string error)
    {
        var bytes = new List<byte>();
        var tsOffset = -1;
        encoded = EncodedOptions.None;
        foreach (var option in options)
        {
            switch (option.Kind)
            {
                case TcpOptionSpecKind.Nop:
                    bytes.Add(KindNop);
                    break;
                case TcpOptionSpecKind.Eol:
                    bytes.Add(KindEol);
                    break;
                case TcpOptionSpecKind.Mss:
                    bytes.AddRange([KindMss, 4, (byte)(option.Value >> 8), (byte)option.Value]);
                    break;
                case TcpOptionSpecKind.WindowScale:
                    bytes.AddRange([KindWscale, 3, (byte)option.Value]);
                    break;
                case TcpOptionSpecKind.SackPermitted:
                    bytes.AddRange([KindSackPermitted, 2]);
                    break;
                case TcpOptionSpecKind.Sack:
                    var blocks = option.SackBlocks ?? [];
                    bytes.AddRange([KindSack, (byte)(2 + 8 * blocks.Count)]);
                    foreach (var (start, end) in blocks)
                    {
                        bytes.AddRange(BigEndian(mapSackEdge(start)));
                        bytes.AddRange(BigEndian(mapSackEdge(end)));
                    }
                    break;
                case TcpOptionSpecKind.Timestamp:
                    bytes.AddRange([KindTimestamp, 10]);
                    tsOffset = bytes.Count;
                    bytes.AddRange(BigEndian(option.Value));
                    bytes.AddRange(BigEndian(option.Value2));
                    break;
                case TcpOptionSpecKind.FastOpen:
                case TcpOptionSpecKind.FastOpenExperimental:
                    byte[] cookie = [];
                    if (option.Cookie is { } text && !TryParseHex(resolve(text), out cookie))
                    {
                        error = $"Fast Open cookie '{text}' is not hex (an undefined -D symbol?)";
                        return false;
                    }
                    if (option.Kind == TcpOptionSpecKind.FastOpen)
                    {
                        bytes.AddRange([KindFastOpen, (byte)(2 + cookie.Length)]);
                    }
                    else
                    {
                        bytes.AddRange([KindExperimental, (byte)(4 + cookie.Length), FastOpenMagic >> 8, FastOpenMagic & 0xFF]);
                    }
                    bytes.AddRange(cookie);
                    break;
            }
        }
        if (bytes.Count > 40)
        {
            error = $"the options take {bytes.Count} bytes; at most 40 fit in a TCP header";
            return false;
        }
        encoded = new EncodedOptions(bytes.ToArray(), tsOffset);
        error = "";
        return true;
    }

    private static byte[] BigEndian(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    public static bool TryParseHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0 || !text.All(char.IsAsciiHexDigit)) return false;
        bytes = Convert.FromHexString(text);
        return true;
    }
}
