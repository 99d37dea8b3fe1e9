using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Hashdance.NicIo;

namespace Hashdance.Cli.Experiments;

/// <summary>The fault options every experiment takes (--loss --duplicate --reorder --corrupt --delay), read into a <see cref="FaultPlan"/>.</summary>
internal sealed class FaultOptions
{
    public Option<double> Loss { get; } = Rate("--loss", "Fraction of frames lost in each direction (0..1, or a percentage such as 20%).");
    public Option<double> Duplicate { get; } = Rate("--duplicate", "Fraction of frames duplicated (0..1 or N%).");
    public Option<double> Reorder { get; } = Rate("--reorder", "Fraction of frames held back behind the next frame (0..1 or N%).");
    public Option<double> Corrupt { get; } = Rate("--corrupt", "Fraction of frames with one byte corrupted (0..1 or N%).");

    public Option<TimeSpan> Delay { get; } = new("--delay")
    {
        Description = "One-way delay added to every frame (e.g. 5ms, 0.2s, 100us).",
        HelpName = "TIME",
        CustomParser = ParseDuration,
        DefaultValueFactory = _ => TimeSpan.Zero,
    };

    public IEnumerable<Option> All => [Loss, Duplicate, Reorder, Corrupt, Delay];

    public FaultPlan Read(ParseResult result) => new()
    {
        LossRate = result.GetValue(Loss),
        DuplicateRate = result.GetValue(Duplicate),
        ReorderRate = result.GetValue(Reorder),
        CorruptRate = result.GetValue(Corrupt),
        Delay = result.GetValue(Delay),
    };

    private static Option<double> Rate(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "RATE",
        CustomParser = ParseRate,
        DefaultValueFactory = _ => 0,
    };

    private static double ParseRate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var percent = text.EndsWith('%');
        if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            if (percent) value /= 100;
            if (value is >= 0 and <= 1) return value;
        }
        result.AddError($"'{text}' is not a rate: give a fraction from 0 to 1 (0.2) or a percentage (20%).");
        return 0;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        (string Suffix, double Micros)[] units = [("us", 1), ("ms", 1000), ("s", 1_000_000)];
        foreach (var (suffix, micros) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
                return TimeSpan.FromMicroseconds(Math.Round(value * micros));
        }
        result.AddError($"'{text}' is not a duration: give a number with a unit, e.g. 5ms, 0.2s or 100us.");
        return TimeSpan.Zero;
    }
}
