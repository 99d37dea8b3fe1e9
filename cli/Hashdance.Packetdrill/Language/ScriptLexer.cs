using System.Text;

namespace Hashdance.Packetdrill.Language;

/// <summary>
/// Splits a script into tokens. Comments (<c>//</c>, <c>/* */</c>) and whitespace are dropped; back-quoted blocks,
/// <c>%{ }%</c> blocks, <c>--flag[=value]</c> lines and string literals each become one token. A run of letters and
/// digits that starts with a digit is a number only when it is all digits (decimal, with an optional fraction) or
/// 0x-hex; otherwise (a hex cookie such as <c>3021b9d8...</c>) it is a word.
/// </summary>
public static class ScriptLexer
{
    public static IReadOnlyList<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var i = 0;
        var line = 1;
        while (true)
        {
            SkipTrivia(source, ref i, ref line);
            if (i >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", line, i, i));
                return tokens;
            }
            tokens.Add(Next(source, ref i, ref line));
        }
    }

    private static void SkipTrivia(string s, ref int i, ref int line)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && At(s, i + 1) == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
            }
            else if (c == '/' && At(s, i + 1) == '*')
            {
                var startLine = line;
                i += 2;
                while (i < s.Length && !(s[i] == '*' && At(s, i + 1) == '/'))
                {
                    if (s[i] == '\n') line++;
                    i++;
                }
                if (i >= s.Length) throw new ScriptSyntaxException(startLine, "unterminated /* comment");
                i += 2;
            }
            else
            {
                return;
            }
        }
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static Token Next(string s, ref int i, ref int line)
    {
        var start = i;
        var c = s[i];
        switch (c)
        {
            case '`':
                return Delimited(s, ref i, ref line, "`", "`", TokenKind.Shell, "back-quoted command");
            case '%' when At(s, i + 1) == '{':
                return Delimited(s, ref i, ref line, "%{", "}%", TokenKind.Python, "%{ block");
            case '"':
                return StringLiteral(s, ref i, line);
            case '-' when At(s, i + 1) == '-' && char.IsAsciiLetter(At(s, i + 2)):
                while (i < s.Length && s[i] != '\n' && !(s[i] == '/' && At(s, i + 1) == '/')) i++;
                return new Token(TokenKind.Option, s[start..i].Trim(), line, start, i);
            case '.' when At(s, i + 1) == '.' && At(s, i + 2) == '.':
                i += 3;
                return new Token(TokenKind.Ellipsis, "...", line, start, i);
            case '.' when char.IsAsciiDigit(At(s, i + 1)):
                return NumberOrWord(s, ref i, line);
        }
        if (char.IsAsciiDigit(c)) return NumberOrWord(s, ref i, line);
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
            return new Token(TokenKind.Word, s[start..i], line, start, i);
        }
        var kind = c switch
        {
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '~' => TokenKind.Tilde,
            '<' => TokenKind.Less,
            '>' => TokenKind.Greater,
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            '{' => TokenKind.LeftBrace,
            '}' => TokenKind.RightBrace,
            ',' => TokenKind.Comma,
            ':' => TokenKind.Colon,
            '=' => TokenKind.Equals,
            '|' => TokenKind.Pipe,
            '.' => TokenKind.Dot,
            _ => throw new ScriptSyntaxException(line, $"unexpected character '{c}'"),
        };
        i++;
        return new Token(kind, c.ToString(), line, start, i);
    }

    private static Token NumberOrWord(string s, ref int i, int line)
    {
        var start = i;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
        var run = s[start..i];
        if (run.Length == 0 || run.All(char.IsAsciiDigit))
        {
            // A decimal fraction: "0.100", ".1"; but "0..." is the number 0 followed by an ellipsis.
            if (At(s, i) == '.' && char.IsAsciiDigit(At(s, i + 1)))
            {
                i++;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            }
            return new Token(TokenKind.Number, s[start..i], line, start, i);
        }
        if (run.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && run.Length > 2 && run[2..].All(char.IsAsciiHexDigit))
            return new Token(TokenKind.Number, run, line, start, i);
        return new Token(TokenKind.Word, run, line, start, i);
    }

    private static Token Delimited(string s, ref int i, ref int line, string open, string close, TokenKind kind, string what)
    {
        var start = i;
        var startLine = line;
        i += open.Length;
        var end = s.IndexOf(close, i, StringComparison.Ordinal);
        if (end < 0) throw new ScriptSyntaxException(startLine, $"unterminated {what}");
        var text = s[i..end];
        foreach (var ch in text)
            if (ch == '\n') line++;
        i = end + close.Length;
        return new Token(kind, text, startLine, start, i);
    }

    private static Token StringLiteral(string s, ref int i, int line)
    {
        var start = i;
        i++;
        var bytes = new List<byte>();
        while (true)
        {
            if (i >= s.Length || s[i] == '\n') throw new ScriptSyntaxException(line, "unterminated string");
            var c = s[i++];
            if (c == '"') break;
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            var e = At(s, i++);
            switch (e)
            {
                case 'x':
                    var hex = new StringBuilder();
                    while (hex.Length < 2 && char.IsAsciiHexDigit(At(s, i))) hex.Append(s[i++]);
                    if (hex.Length == 0) throw new ScriptSyntaxException(line, "\\x without hex digits in a string");
                    bytes.Add(Convert.ToByte(hex.ToString(), 16));
                    break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case '0': bytes.Add(0); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                default: throw new ScriptSyntaxException(line, $"unknown escape '\\{e}' in a string");
            }
        }
        return new Token(TokenKind.String, s[(start + 1)..(i - 1)], line, start, i, bytes.ToArray());
    }
}
