namespace Hashdance.Packetdrill.Language;

/// <summary>
/// One token. <see cref="Text"/> is the source text (for strings, shell and Python blocks: the contents);
/// <see cref="Bytes"/> is a string literal's decoded bytes; <see cref="Start"/>/<see cref="EndOffset"/> locate it in
/// the source so the parser can recover free text such as an errno's description.
/// </summary>
public sealed record Token(TokenKind Kind, string Text, int Line, int Start, int EndOffset, byte[]? Bytes = null)
{
    public bool Is(TokenKind kind, string? text = null) => Kind == kind && (text is null || Text == text);

    public override string ToString() => Kind switch
    {
        TokenKind.End => "end of file",
        TokenKind.Shell => "`...`",
        TokenKind.Python => "%{...}%",
        _ => $"'{Text}'",
    };
}
