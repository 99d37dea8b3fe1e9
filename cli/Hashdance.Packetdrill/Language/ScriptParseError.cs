namespace Hashdance.Packetdrill.Language;

/// <summary>Why a script could not be parsed, and where.</summary>
public sealed record ScriptParseError(string Path, int Line, string Message)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}:{Line}: syntax error: {Message}";
}
