using System.Globalization;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>Prints aligned rows of text (the first row is the header) to standard output.</summary>
public static class Table
{
    public static void Print(IReadOnlyList<string[]> rows)
    {
        var widths = new int[rows.Max(r => r.Length)];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            Console.WriteLine("  " + string.Join("   ", cells));
        }
    }

    public static string N(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
