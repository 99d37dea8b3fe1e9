namespace Hashdance.Packetdrill.Language;

/// <summary>A syntax error at a line; the lexer and parser use it internally and turn it into a <see cref="ScriptParseError"/>.</summary>
public sealed class ScriptSyntaxException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
