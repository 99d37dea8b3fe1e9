using System.Text;

namespace Hashdance.Protocol.Mib;

/// <summary>An immutable copy of a stack's counters at one moment, printable like <c>nstat -az</c>.</summary>
public sealed class MibSnapshot
{
    private readonly long[] _values;

    internal MibSnapshot(long[] values) => _values = values;

    public long this[MibCounter counter] => _values[(int)counter];

    /// <summary>The counters that are non-zero, by nstat name, in MIB order.</summary>
    public IReadOnlyDictionary<string, long> NonZero()
    {
        var d = new Dictionary<string, long>();
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] != 0) d[MibCounterNames.NstatName((MibCounter)i)] = _values[i];
        }
        return d;
    }

    /// <summary>The difference <c>this − earlier</c>, as nstat reports increments since its last run.</summary>
    public MibSnapshot Since(MibSnapshot earlier)
    {
        var d = new long[_values.Length];
        for (var i = 0; i < d.Length; i++) d[i] = _values[i] - earlier._values[i];
        return new MibSnapshot(d);
    }

    /// <summary>nstat's text form: one "Name value" line per counter; zero counters only when <paramref name="includeZero"/>.</summary>
    public string ToNstatText(bool includeZero = false)
    {
        var sb = new StringBuilder();
        sb.Append("#kernel\n");
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] == 0 && !includeZero) continue;
            sb.Append(MibCounterNames.NstatName((MibCounter)i).PadRight(32)).Append(' ')
              .Append(_values[i].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(16)).Append('\n');
        }
        return sb.ToString();
    }
}
