using System.Globalization;

namespace Hashdance.Protocol.Crypto;

/// <summary>
/// The TCP Fast Open server key(s): a primary SipHash key and an optional backup that is only accepted, never
/// issued. Parses and prints the <c>net.ipv4.tcp_fastopen_key</c> format <c>a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4</c>
/// (optionally <c>,</c> and a backup key), mirroring <c>sscanf_key</c> / <c>proc_tcp_fastopen_key</c> in
/// net/ipv4/sysctl_net_ipv4.c and <c>tcp_fastopen_reset_cipher</c> in net/ipv4/tcp_fastopen.c.
/// </summary>
/// <remarks>
/// Linux scans four 32-bit hex words w0..w3, stores each little-endian (<c>cpu_to_le32</c>) into 16 bytes and reads
/// the SipHash key from them with <c>get_unaligned_le64</c>, so K0 = w1:w0 and K1 = w3:w2.
/// </remarks>
public readonly record struct FastOpenKey(SipHashKey Primary, SipHashKey? Backup = null)
{
    /// <summary>TCP_FASTOPEN_KEY_LENGTH.</summary>
    public const int KeyLength = 16;

    /// <summary>Builds a key from the four words exactly as the sysctl writes them.</summary>
    public static SipHashKey KeyFromWords(uint w0, uint w1, uint w2, uint w3) =>
        new(((ulong)w1 << 32) | w0, ((ulong)w3 << 32) | w2);

    /// <summary>
    /// Keys as set by setsockopt(TCP_FASTOPEN_KEY): 16 bytes (primary) or 32 bytes (primary then backup).
    /// </summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out FastOpenKey key)
    {
        key = default;
        if (bytes.Length == KeyLength)
        {
            key = new FastOpenKey(SipHashKey.FromBytes(bytes));
            return true;
        }
        if (bytes.Length == 2 * KeyLength)
        {
            key = new FastOpenKey(SipHashKey.FromBytes(bytes), SipHashKey.FromBytes(bytes[KeyLength..]));
            return true;
        }
        return false;
    }

    /// <summary>Parses the sysctl text; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out FastOpenKey key, out string error)
    {
        key = default;
        var parts = text.Trim().Split(',');
        if (parts.Length > 2)
        {
            error = $"at most two keys (primary,backup) are allowed, got {parts.Length}";
            return false;
        }
        if (!TryParseOne(parts[0], out var primary, out error))
            return false;
        SipHashKey? backup = null;
        if (parts.Length == 2)
        {
            if (!TryParseOne(parts[1], out var b, out error))
                return false;
            backup = b;
        }
        key = new FastOpenKey(primary, backup);
        return true;
    }

    public static FastOpenKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    /// <summary>The sysctl's read format: <c>%08x-%08x-%08x-%08x</c>, then <c>,</c> and the backup if any.</summary>
    public override string ToString() => Backup is { } b ? $"{Format(Primary)},{Format(b)}" : Format(Primary);

    private static string Format(SipHashKey k) =>
        $"{(uint)k.K0:x8}-{(uint)(k.K0 >> 32):x8}-{(uint)k.K1:x8}-{(uint)(k.K1 >> 32):x8}";

    private static bool TryParseOne(string text, out SipHashKey key, out string error)
    {
        key = default;
        var words = text.Trim().Split('-');
        if (words.Length != 4)
        {
            error = $"'{text}' is not a TFO key: expected four hex words like a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4";
            return false;
        }
        Span<uint> w = stackalloc uint[4];
        for (var i = 0; i < 4; i++)
        {
            var word = words[i].Trim();
            if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                word = word[2..];
            if (word.Length is < 1 or > 8 ||
                !uint.TryParse(word, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out w[i]))
            {
                error = $"'{words[i]}' in TFO key '{text}' is not a 32-bit hex word";
                return false;
            }
        }
        key = KeyFromWords(w[0], w[1], w[2], w[3]);
        error = "";
        return true;
    }
}
