using System.Globalization;
using System.Text;

namespace Hashdance.Packetdrill.Config;

/// <summary>
/// The small part of sh(1) that packetdrill init commands use: splitting into commands at newlines, ';' and '&amp;&amp;';
/// words with single and double quotes; <c>$((arithmetic))</c>; <c>$VAR</c>/<c>${VAR}</c>; '#' comments; and
/// redirections, which are dropped (output goes nowhere here), except echo's into a file (kept as "&gt;" FILE).
/// </summary>
public static class ShellWords
{
    /// <summary>Splits <paramref name="text"/> into commands, each a list of expanded words (empty commands dropped).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Commands(string text, IReadOnlyDictionary<string, string> variables)
    {
        var commands = new List<IReadOnlyList<string>>();
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;

        void EndWord()
        {
            if (inWord) words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }

        void EndCommand()
        {
            EndWord();
            var command = DropRedirections(words);
            if (command.Count > 0) commands.Add(command);
            words = [];
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 2;
            }
            else if (c is '\n' or ';')
            {
                EndCommand();
                i++;
            }
            else if (c == '&' && i + 1 < text.Length && text[i + 1] == '&')
            {
                EndCommand();
                i += 2;
            }
            else if (char.IsWhiteSpace(c))
            {
                EndWord();
                i++;
            }
            else if (c == '#' && !inWord)
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0) throw new FormatException("unterminated single quote");
                word.Append(text, i + 1, end - i - 1);
                inWord = true;
                i = end + 1;
            }
            else if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '$') word.Append(Expand(text, ref i, variables));
                    else word.Append(text[i++]);
                }
                if (i >= text.Length) throw new FormatException("unterminated double quote");
                i++;
                inWord = true;
            }
            else if (c == '$')
            {
                word.Append(Expand(text, ref i, variables));
                inWord = true;
            }
            else
            {
                word.Append(c);
                inWord = true;
                i++;
            }
        }
        EndCommand();
        return commands;
    }

    private static List<string> DropRedirections(List<string> words)
    {
        var kept = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var operatorOnly = w is ">" or ">>" or "<" or "2>" or "1>" or "&>";
            // echo's output into a file is the command's whole effect (echo 3 > /sys/module/...): keep it.
            if (w is ">" or ">>" && words[0] == "echo" && i + 1 < words.Count && words[i + 1] != "/dev/null")
            {
                kept.Add(">");
                kept.Add(words[++i]);
                continue;
            }
            if (operatorOnly)
            {
                i++;
                continue;
            }
            if (w.StartsWith('>') || w.StartsWith("2>", StringComparison.Ordinal) || w.StartsWith("1>", StringComparison.Ordinal) || w.StartsWith("&>", StringComparison.Ordinal))
                continue;
            kept.Add(w);
        }
        return kept;
    }

    private static string Expand(string text, ref int i, IReadOnlyDictionary<string, string> variables)
    {
        // text[i] == '$'
        if (i + 2 < text.Length && text[i + 1] == '(' && text[i + 2] == '(')
        {
            var end = text.IndexOf("))", i + 3, StringComparison.Ordinal);
            if (end < 0) throw new FormatException("unterminated $((");
            var expression = text[(i + 3)..end];
            i = end + 2;
            return Arithmetic.Evaluate(expression).ToString(CultureInfo.InvariantCulture);
        }
        string name;
        if (i + 1 < text.Length && text[i + 1] == '{')
        {
            var end = text.IndexOf('}', i + 2);
            if (end < 0) throw new FormatException("unterminated ${");
            name = text[(i + 2)..end];
            i = end + 1;
        }
        else
        {
            var start = i + 1;
            var j = start;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_')) j++;
            if (j == start)
            {
                i++;
                return "$";
            }
            name = text[start..j];
            i = j;
        }
        return variables.TryGetValue(name, out var value) ? value : "";
    }
}
