using System.Globalization;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>
/// The options of one subcommand: <c>--name value</c> pairs. Every option a benchmark reads must be declared by
/// reading it; <see cref="ThrowOnUnknown"/> then rejects the rest, so a mistyped option cannot silently leave a
/// default in place.
/// </summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public BenchArgs(IEnumerable<string> args)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected an option (--name value), got '{name}'");
            if (!e.MoveNext()) throw new ArgumentException($"option {name} needs a value");
            _values[name[2..]] = e.Current;
        }
    }

    public int Int(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public double Double(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));

    public void ThrowOnUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text)) return fallback;
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--{name}: '{text}' is not a valid value");
        }
    }
}
