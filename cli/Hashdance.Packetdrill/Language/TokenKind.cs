namespace Hashdance.Packetdrill.Language;

/// <summary>The lexical classes of the packetdrill language (see lexer.l in the description, a.8).</summary>
public enum TokenKind
{
    End,
    Number,
    Word,
    String,
    Shell,
    Python,
    Option,
    Plus,
    Minus,
    Star,
    Tilde,
    Ellipsis,
    Less,
    Greater,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Comma,
    Colon,
    Equals,
    Pipe,
    Dot,
}
