using System.Globalization;

namespace Hashdance.Packetdrill.Config;

/// <summary>Integer arithmetic as in sh's <c>$(( ))</c>: + - * / % and parentheses, decimal and 0x numbers.</summary>
public static class Arithmetic
{
    public static long Evaluate(string expression)
    {
        var i = 0;
        var value = Sum(expression, ref i);
        SkipSpaces(expression, ref i);
        if (i != expression.Length) throw new FormatException($"unexpected '{expression[i..]}' in $(({expression}))");
        return value;
    }

    private static long Sum(string s, ref int i)
    {
        var value = Product(s, ref i);
        while (true)
        {
            SkipSpaces(s, ref i);
            if (i >= s.Length || s[i] is not ('+' or '-')) return value;
            var op = s[i++];
            var right = Product(s, ref i);
            value = op == '+' ? value + right : value - right;
        }
    }

    private static long Product(string s, ref int i)
    {
        var value = Unary(s, ref i);
        while (true)
        {
            SkipSpaces(s, ref i);
            if (i >= s.Length || s[i] is not ('*' or '/' or '%')) return value;
            var op = s[i++];
            var right = Unary(s, ref i);
            if (op != '*' && right == 0) throw new FormatException("division by zero");
            value = op switch { '*' => value * right, '/' => value / right, _ => value % right };
        }
    }

    private static long Unary(string s, ref int i)
    {
        SkipSpaces(s, ref i);
        if (i < s.Length && s[i] == '-')
        {
            i++;
            return -Unary(s, ref i);
        }
        if (i < s.Length && s[i] == '(')
        {
            i++;
            var value = Sum(s, ref i);
            SkipSpaces(s, ref i);
            if (i >= s.Length || s[i] != ')') throw new FormatException("missing ')'");
            i++;
            return value;
        }
        var start = i;
        while (i < s.Length && char.IsAsciiLetterOrDigit(s[i])) i++;
        var token = s[start..i];
        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(token[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)) return hex;
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        throw new FormatException($"'{token}' is not a number");
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }
}
