using System.Globalization;

namespace Hashdance.Packetdrill.Asserts;

/// <summary>
/// Evaluates the Python that packetdrill scripts put in <c>%{ }%</c> blocks: <c>assert EXPR[, MESSAGE]</c>
/// statements (and print(EXPR) calls, which assert nothing, and NAME = EXPR assignments that later blocks see)
/// separated by newlines or ';' (with '\' continuations), over integer expressions with Python's
/// operators and precedence (or, and, not, chained comparisons, | ^ &amp; &lt;&lt; &gt;&gt; + - * // % and unary - ~) and
/// names bound to TCP_INFO fields and constants. A name without a value, or any other statement, makes the block
/// "unsupported" rather than failed.
/// </summary>
public sealed class PythonAssertions
{
    private readonly IReadOnlyDictionary<string, long> _names;
    private readonly IDictionary<string, long>? _variables;
    private List<string> _tokens = [];
    private int _position;

    private PythonAssertions(IReadOnlyDictionary<string, long> names, IDictionary<string, long>? variables)
    {
        _names = names;
        _variables = variables;
    }

    private sealed class UnsupportedException(string message) : Exception(message);

    /// <param name="variables">
    /// Names the script's blocks assign (<c>NAME = EXPR</c>): packetdrill runs every block in one Python session, so
    /// they stay set for the blocks that follow. Null: assignments are unsupported.
    /// </param>
    public static AssertOutcome Evaluate(string code, IReadOnlyDictionary<string, long> names, IDictionary<string, long>? variables = null)
    {
        var evaluator = new PythonAssertions(names, variables);
        foreach (var statement in Statements(code))
        {
            try
            {
                var outcome = evaluator.Statement(statement);
                if (outcome.Kind != AssertOutcomeKind.Passed) return outcome;
            }
            catch (UnsupportedException e)
            {
                return AssertOutcome.Unsupported(e.Message);
            }
            catch (FormatException e)
            {
                return AssertOutcome.Unsupported($"cannot read '{statement}': {e.Message}");
            }
        }
        return AssertOutcome.Passed;
    }

    private static IEnumerable<string> Statements(string code)
    {
        var joined = code.Replace("\\\r\n", " ").Replace("\\\n", " ");
        foreach (var line in joined.Split('\n'))
        foreach (var part in line.Split(';'))
        {
            var text = part.Trim();
            var hash = text.IndexOf('#');
            if (hash >= 0) text = text[..hash].Trim();
            if (text.Length > 0) yield return text;
        }
    }

    private AssertOutcome Statement(string statement)
    {
        _tokens = Tokenize(statement);
        _position = 0;
        // print(...) only writes to packetdrill's output; it asserts nothing, so it passes (its names are still
        // checked, so a print of an unreported field reports the block as unsupported, as an assert would).
        if (Peek() == "print" && PeekAt(1) == "(")
        {
            _position = 2;
            if (Peek() != ")") Or();
            return AssertOutcome.Passed;
        }
        if (_variables is not null && PeekAt(1) == "=" && Peek() is { } target && (char.IsAsciiLetter(target[0]) || target[0] == '_'))
        {
            _position = 2;
            _variables[target] = Or();
            if (Peek() is not null) throw new FormatException($"unexpected '{Peek()}' after the assigned value");
            return AssertOutcome.Passed;
        }
        if (Peek() != "assert") throw new UnsupportedException($"only assert statements are supported, not '{statement}'");
        _position++;
        var start = _position;
        var value = Or();
        var conditionText = string.Join(' ', _tokens.Skip(start).Take(_position - start));
        string? message = null;
        if (Peek() == ",")
        {
            _position++;
            var messageStart = _position;
            var messageValue = Or();
            message = $"{string.Join(' ', _tokens.Skip(messageStart))} = {messageValue}";
        }
        if (_position != _tokens.Count) throw new FormatException($"unexpected '{Peek()}'");
        return value != 0 ? AssertOutcome.Passed : AssertOutcome.Failed($"assert {conditionText} failed{(message is null ? "" : $" ({message})")}");
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string? PeekAt(int ahead) => _position + ahead < _tokens.Count ? _tokens[_position + ahead] : null;

    private bool Accept(string token)
    {
        if (Peek() != token) return false;
        _position++;
        return true;
    }

    private long Or()
    {
        var value = And();
        while (Accept("or")) value = (value != 0) | (And() != 0) ? 1 : 0;
        return value;
    }

    private long And()
    {
        var value = Not();
        while (Accept("and")) value = (value != 0) & (Not() != 0) ? 1 : 0;
        return value;
    }

    private long Not() => Accept("not") ? (Not() == 0 ? 1 : 0) : Comparison();

    private long Comparison()
    {
        var left = BitOr();
        var result = true;
        var compared = false;
        while (Peek() is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = _tokens[_position++];
            var right = BitOr();
            result &= op switch
            {
                "==" => left == right,
                "!=" => left != right,
                "<" => left < right,
                "<=" => left <= right,
                ">" => left > right,
                _ => left >= right,
            };
            compared = true;
            left = right;
        }
        return compared ? (result ? 1 : 0) : left;
    }

    private long BitOr()
    {
        var value = BitXor();
        while (Accept("|")) value |= BitXor();
        return value;
    }

    private long BitXor()
    {
        var value = BitAnd();
        while (Accept("^")) value ^= BitAnd();
        return value;
    }

    private long BitAnd()
    {
        var value = Shift();
        while (Accept("&")) value &= Shift();
        return value;
    }

    private long Shift()
    {
        var value = Sum();
        while (Peek() is "<<" or ">>")
            value = _tokens[_position++] == "<<" ? value << (int)Sum() : value >> (int)Sum();
        return value;
    }

    private long Sum()
    {
        var value = Term();
        while (Peek() is "+" or "-")
            value = _tokens[_position++] == "+" ? value + Term() : value - Term();
        return value;
    }

    private long Term()
    {
        var value = Unary();
        while (Peek() is "*" or "//" or "%")
        {
            var op = _tokens[_position++];
            var right = Unary();
            if (op != "*" && right == 0) throw new FormatException("division by zero");
            value = op switch { "*" => value * right, "//" => (long)Math.Floor((double)value / right), _ => ((value % right) + right) % right };
        }
        if (Peek() == "/") throw new UnsupportedException("true division '/' yields a float; not supported");
        return value;
    }

    private long Unary()
    {
        if (Accept("-")) return -Unary();
        if (Accept("+")) return Unary();
        if (Accept("~")) return ~Unary();
        return Atom();
    }

    private long Atom()
    {
        var token = Peek() ?? throw new FormatException("unexpected end of expression");
        _position++;
        if (token == "(")
        {
            var value = Or();
            if (!Accept(")")) throw new FormatException("missing ')'");
            return value;
        }
        if (char.IsAsciiDigit(token[0]))
        {
            if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return long.Parse(token[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return long.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        if (char.IsAsciiLetter(token[0]) || token[0] == '_')
        {
            if (token is "True") return 1;
            if (token is "False") return 0;
            if (_variables is not null && _variables.TryGetValue(token, out var assigned)) return assigned;
            if (_names.TryGetValue(token, out var value)) return value;
            throw new UnsupportedException($"'{token}' is not available");
        }
        throw new FormatException($"unexpected '{token}'");
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(text[start..i]);
                continue;
            }
            if (c is '"' or '\'')
                throw new UnsupportedException("string literals are not supported");
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is "==" or "!=" or "<=" or ">=" or "<<" or ">>" or "//")
            {
                tokens.Add(two);
                i += 2;
                continue;
            }
            if ("()<>|^&+-*%~,/=".Contains(c))
            {
                tokens.Add(c.ToString());
                i++;
                continue;
            }
            throw new FormatException($"unexpected character '{c}'");
        }
        return tokens;
    }
}
