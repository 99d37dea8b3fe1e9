namespace Hashdance.Protocol.Wire;

/// <summary>
/// A 32-bit TCP sequence number with modular (RFC 793 §3.3) comparisons. Mirrors before(), after() and between()
/// in include/net/tcp.h: ordering is the sign of the 32-bit difference, so it is not a total order.
/// </summary>
public readonly record struct SeqNum(uint Value)
{
    /// <summary>Mirrors before(): true when <paramref name="a"/> precedes <paramref name="b"/>, (s32)(a - b) &lt; 0.</summary>
    public static bool Before(SeqNum a, SeqNum b) => (int)(a.Value - b.Value) < 0;

    /// <summary>Mirrors after(): <c>before(b, a)</c>.</summary>
    public static bool After(SeqNum a, SeqNum b) => Before(b, a);

    /// <summary>Mirrors between(seq1, seq2, seq3): is low ≤ seq ≤ high, both ends inclusive, measured from
    /// <paramref name="low"/> as <c>high - low &gt;= seq - low</c> in unsigned arithmetic.</summary>
    public static bool Between(SeqNum seq, SeqNum low, SeqNum high) => high.Value - low.Value >= seq.Value - low.Value;

    public static SeqNum operator +(SeqNum seq, int delta) => new(unchecked(seq.Value + (uint)delta));
    public static SeqNum operator -(SeqNum seq, int delta) => new(unchecked(seq.Value - (uint)delta));

    /// <summary>Signed distance from <paramref name="b"/> to <paramref name="a"/> (a - b as s32).</summary>
    public static int operator -(SeqNum a, SeqNum b) => unchecked((int)(a.Value - b.Value));

    public static bool operator <(SeqNum a, SeqNum b) => Before(a, b);
    public static bool operator >(SeqNum a, SeqNum b) => After(a, b);
    public static bool operator <=(SeqNum a, SeqNum b) => !After(a, b);
    public static bool operator >=(SeqNum a, SeqNum b) => !Before(a, b);

    /// <summary>Mirrors max(): the later of two sequence numbers.</summary>
    public static SeqNum Max(SeqNum a, SeqNum b) => After(a, b) ? a : b;

    /// <summary>The earlier of two sequence numbers.</summary>
    public static SeqNum Min(SeqNum a, SeqNum b) => Before(a, b) ? a : b;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
